import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { etagOf, revisionFromIfMatch, revisionOf } from '../../models/plugins/revision.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'
import { streamCsv } from './export-csv.js'
import { createWithIdempotency } from './idempotent-create.js'
import { getQuerySchema, listQuerySchema, parseListQuery } from './list-query.js'
import { sendPage } from './list-response.js'
import { transitionRoutes } from './transition-routes.js'
import { activityRoute } from './activity-route.js'
import { childRoutes } from './child-routes.js'
import { childrenOf, type ChildLink } from '../../models/resource-children.js'
import { importRoutes } from './import-routes.js'
import { pluralLabel, recordMessage, sendRecord, withId } from './wire.js'
import { multilineText } from '../../models/fields/text.js'
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from '../../audit/history-page.js'

// One router serves /api/v1/<plural> for every declared resource: parse, one call to the resource service, respond.

const Reason = z.strictObject({ reason: multilineText(500).optional() })
const RevisionParams = z.object({ id: z.string(), revision: z.coerce.number().int().min(1) })
const HistoryQuery = z.strictObject({
  include: z.enum(['reads']).optional().describe('`reads`: add who opened the document, merged by time'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(DEFAULT_HISTORY_PAGE),
})

function withEtag(res: Response, record: ResourceRecord): ResourceRecord {
  res.set('ETag', etagOf(revisionOf(record)))
  return record
}

function reasonOf(req: Request): string | undefined {
  return Reason.parse(req.body ?? {}).reason
}

/** `links`: every declared parent link among the mounted resources; this resource's children are served under it. */
export function crudRouter(
  context: AppContext,
  registry: OpenApiRegistry,
  service: ResourceService,
  links: readonly ChildLink[] = [],
): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const { def } = service
  const base = `/api/v1/${def.resource}`
  const target = { router, registry, base }
  const actor = (req: Request) => principalOf(req).actor
  const tag = def.resource
  const on = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute(target, { ...doc, tag, auth: true }, handler)
  }
  const ifMatch = (req: Request) => revisionFromIfMatch(req.get('If-Match'))

  on(
    {
      method: 'get',
      path: '/',
      summary: `List ${def.resource}`,
      query: () => listQuerySchema(def, true),
      errors: [400, 403],
    },
    async (req, res) => {
      const query = parseListQuery(def, req.query)
      const result = await service.list(actor(req), query)
      const { total } = result
      const meta = { page: query.page, limit: query.limit, total, pages: Math.ceil(total / query.limit) }
      sendPage(res, result, meta, `${pluralLabel(def)} fetched`)
    },
  )

  on(
    {
      method: 'get',
      path: '/export.csv',
      summary: `Export ${def.resource} as CSV (streamed)`,
      query: () => listQuerySchema(def, false),
      envelope: false,
      errors: [400, 403],
    },
    async (req, res) => {
      const query = parseListQuery(def, req.query, false)
      const columns = query.fields ?? def.exportColumns
      const rows = service.exportRows(actor(req), query)
      await streamCsv(res, `${def.resource}.csv`, columns, rows)
    },
  )

  const getQuery = getQuerySchema(def)
  // Before the `/:id` routes: `import` is not an id.
  importRoutes(on, context, service)

  on(
    {
      method: 'get',
      path: '/:id',
      summary: `One ${def.name.toLowerCase()}`,
      params: IdParams,
      query: getQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const query = getQuery.parse(req.query)
      const options = { trashed: query.trashed === 'true', ...(query.expand ? { expand: query.expand } : {}) }
      sendRecord(res, def, await service.get(actor(req), IdParams.parse(req.params).id, options), 'fetched')
    },
  )

  on(
    {
      method: 'post',
      path: '/',
      summary: `Create a ${def.name.toLowerCase()} (Idempotency-Key honoured)`,
      body: def.input,
      status: 201,
      errors: [400, 403, 409],
    },
    async (req, res) => {
      const { status, body } = await createWithIdempotency(context, service, actor(req), req)
      const data = (body as { data?: ResourceRecord }).data
      if (data) withEtag(res, data)
      res.status(status).json(body)
    },
  )

  on(
    {
      method: 'patch',
      path: '/:id',
      summary: `Change a ${def.name.toLowerCase()} (If-Match: its ETag)`,
      params: IdParams,
      body: def.updateInput,
      errors: [400, 403, 404, 412],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const record = await service.update(actor(req), id, req.body as Record<string, unknown>, {
        ifRevision: ifMatch(req),
      })
      sendRecord(res, def, record, 'updated')
    },
  )

  on(
    {
      method: 'put',
      path: '/:id',
      summary: `Replace a ${def.name.toLowerCase()}: the create input; absent fields go back to their defaults (If-Match)`,
      params: IdParams,
      body: def.input,
      errors: [400, 403, 404, 412],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const record = await service.replace(actor(req), id, req.body as Record<string, unknown>, {
        ifRevision: ifMatch(req),
      })
      sendRecord(res, def, record, 'updated')
    },
  )

  on(
    {
      method: 'delete',
      path: '/:id',
      summary: 'Move to the trash (optional reason)',
      params: IdParams,
      body: Reason,
      errors: [403, 404, 412],
    },
    async (req, res) => {
      const options = { reason: reasonOf(req), ifRevision: ifMatch(req) }
      sendRecord(
        res,
        def,
        await service.trash(actor(req), IdParams.parse(req.params).id, options),
        'moved to the trash',
      )
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/restore',
      summary: 'Bring back from the trash (same id)',
      params: IdParams,
      body: Reason,
      errors: [403, 404],
    },
    async (req, res) => {
      const options = { reason: reasonOf(req), ifRevision: ifMatch(req) }
      sendRecord(res, def, await service.restore(actor(req), IdParams.parse(req.params).id, options), 'restored')
    },
  )

  on(
    {
      method: 'delete',
      path: '/:id/permanent',
      summary: 'Delete permanently (trashed only; not under legal hold)',
      params: IdParams,
      body: Reason,
      errors: [403, 404, 409, 423],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      await service.destroy(actor(req), id, { reason: reasonOf(req), ifRevision: ifMatch(req) })
      sendData(res, withId({ _id: id, destroyed: true }), { message: recordMessage(def, 'deleted permanently') })
    },
  )

  on(
    {
      method: 'get',
      path: '/:id/history',
      summary: 'Audit history, oldest first, paged (committed changes; `include=reads` adds the reads)',
      params: IdParams,
      query: HistoryQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { include, page, limit } = HistoryQuery.parse(req.query)
      const options = { includeReads: include === 'reads', page, limit }
      const trail = await service.history(actor(req), IdParams.parse(req.params).id, options)
      const meta = { page: trail.page, limit: trail.limit, total: trail.total }
      sendData(res, trail.items, { meta, message: 'History fetched' })
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/history/:revision/restore',
      summary: 'Restore the fields of an earlier revision (a new, audited change)',
      params: RevisionParams,
      body: Reason,
      errors: [403, 404, 412],
    },
    async (req, res) => {
      const { id, revision } = RevisionParams.parse(req.params)
      const record = await service.restoreRevision(actor(req), id, revision, {
        reason: reasonOf(req),
        ifRevision: ifMatch(req),
      })
      sendRecord(res, def, record, `restored to revision ${revision}`)
    },
  )

  transitionRoutes(on, service)
  const children = childrenOf(links, def.resource)
  activityRoute(on, service, children)
  childRoutes(context, target, children)

  return router
}
