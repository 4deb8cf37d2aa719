import type { Request, Response } from 'express'
import { z } from 'zod'
import type { RouteDoc } from '../../openapi/registry.js'
import type { ResourceService } from '../../models/bind-resource.js'
import { revisionFromIfMatch } from '../../models/plugins/revision.js'
import { multilineText } from '../../models/fields/text.js'
import type { ResourceDefinition } from '../../models/define-resource.js'
import { IdParams } from '../params.js'
import { principalOf } from '../../auth/authenticate.js'
import { sendRecord } from './wire.js'

// A resource's declared workflow on REST: `POST /:id/transition {to, reason}` for any target state, and one
// `POST /:id/<name> {reason, ...values}` per declared transition. Both end in the same service call.

type On = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => void

const Reason = multilineText(1000).optional()

function respond(res: Response, def: ResourceDefinition, record: Record<string, unknown>): void {
  const field = def.workflow?.field ?? 'state'
  sendRecord(res, def, record, `is now ${String(record[field])}`)
}

export function transitionRoutes(on: On, service: ResourceService): void {
  const workflow = service.def.workflow
  if (!workflow) return
  const To = z.object({ to: z.enum(workflow.states as [string, ...string[]]), reason: Reason })
  on(
    {
      method: 'post',
      path: '/:id/transition',
      summary: `Move to another ${workflow.field} (declared transitions only; reason stored in the audit log)`,
      params: IdParams,
      body: To,
      errors: [400, 403, 404, 409, 412],
    },
    async (req, res) => {
      const { to, reason } = To.parse(req.body ?? {})
      const record = await service.transition(principalOf(req).actor, IdParams.parse(req.params).id, {
        to,
        reason,
        values: req.body as Record<string, unknown>,
        ifRevision: revisionFromIfMatch(req.get('If-Match')),
      })
      respond(res, service.def, record)
    },
  )
  for (const transition of workflow.transitions.filter((t) => t.internal !== true)) {
    const Body = (transition.input ?? z.object({})).extend({ reason: Reason })
    on(
      {
        method: 'post',
        path: `/:id/${transition.name}`,
        summary: `${transition.name}: ${transition.from.join(' | ')} → ${transition.to}`,
        params: IdParams,
        body: Body,
        errors: [400, 403, 404, 409, 412],
      },
      async (req, res) => {
        const { reason, ...values } = Body.parse(req.body ?? {})
        const record = await service.transition(principalOf(req).actor, IdParams.parse(req.params).id, {
          name: transition.name,
          reason: typeof reason === 'string' ? reason : undefined,
          values,
          ifRevision: revisionFromIfMatch(req.get('If-Match')),
        })
        respond(res, service.def, record)
      },
    )
  }
}
