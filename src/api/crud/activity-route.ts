import type { Request, Response } from 'express'
import { z } from 'zod'
import { principalOf } from '../../auth/authenticate.js'
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from '../../audit/history-page.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { ChildLink } from '../../models/resource-children.js'
import type { RouteDoc } from '../../openapi/registry.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'

// GET /:id/activity on every audited resource: the record's audit entries and its children's, newest first.

type On = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => void

const ActivityQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(DEFAULT_HISTORY_PAGE),
})

const ActivityLine = z.object({
  _id: z.string(),
  resource: z.string().describe("The record's resource: this one or a child resource"),
  documentId: z.string(),
  label: z.string().nullable().describe('What names the record to people (its label fields)'),
  revision: z.number().int(),
  action: z.string(),
  actor: z.object({
    kind: z.enum(['user', 'job', 'webhook', 'system']),
    id: z.string().optional(),
    role: z.string().optional(),
    name: z.string().optional().describe("The user's name, or the job's or webhook's"),
  }),
  at: z.string().meta({ format: 'date-time' }),
  changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
})

/** `children`: the links whose parent is this resource. */
export function activityRoute(on: On, service: ResourceService, children: readonly ChildLink[]): void {
  if (!service.def.audit) return
  const names = children.map((link) => link.child.def.resource)
  on(
    {
      method: 'get',
      path: '/:id/activity',
      summary: `Activity timeline, newest first, paged: the record's changes${names.length > 0 ? ` and its ${names.join(', ')}'s` : ''}`,
      description:
        'Needs what GET /{id}/history needs (history and read on the record; 404 otherwise). Entries of a child ' +
        'resource appear only to roles with a read grant on it; fields masked for the caller stay masked.',
      params: IdParams,
      query: ActivityQuery,
      response: z.array(ActivityLine),
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { page, limit } = ActivityQuery.parse(req.query)
      const { id } = IdParams.parse(req.params)
      const timeline = await service.activity(principalOf(req).actor, id, children, { page, limit })
      sendData(res, timeline.items, { meta: { page: timeline.page, limit: timeline.limit, total: timeline.total } })
    },
  )
}
