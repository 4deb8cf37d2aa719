import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError } from '../../errors.js'
import { AssignBody, assignLead } from '../../leads/assign.js'
import { ConvertBody, convertLead } from '../../leads/convert.js'
import { mergeLeads } from '../../leads/merge.js'
import { unmergeLead } from '../../leads/unmerge.js'
import { multilineText } from '../../models/fields/text.js'
import { etagOf, revisionFromIfMatch } from '../../models/plugins/revision.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { parseListQuery, listQuerySchema } from '../crud/list-query.js'
import { sendPage } from '../crud/list-response.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'

// The lead verbs that are not CRUD: my leads, assign, merge, unmerge, convert, attachment download. Mounted before
// the generic router, which serves the rest of /api/v1/leads (list, get, update, trash, history, transitions).

const ObjectIdText = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a lead id')
const MergeBody = z.strictObject({ ids: z.array(ObjectIdText).min(1).max(50), reason: multilineText(500).optional() })
const UnmergeBody = z.strictObject({ mergeId: ObjectIdText.optional() })
const DocumentParams = z.object({ id: z.string(), index: z.coerce.number().int().min(0).max(1000) })

export function verbRoutes(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  // Per route, not router.use: requests for the generic router pass through here and authenticate there.
  const signedIn = authenticate(context)
  const target = { router, registry, base: '/api/v1/leads' }
  const on = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute(target, { ...doc, tag: 'leads', auth: true }, handler, signedIn)
  }
  const actor = (req: Request) => principalOf(req).actor
  const leads = context.resources.leads

  on(
    {
      method: 'get',
      path: '/mine',
      summary: 'Leads assigned to me',
      query: () => listQuerySchema(leads.def, true),
      errors: [400, 403],
    },
    async (req, res) => {
      const query = parseListQuery(leads.def, req.query)
      const me = actor(req)
      const filter = { ...query.filter, assignedTo: me.id }
      const result = await leads.list(me, { ...query, filter })
      sendPage(res, result, {
        page: query.page,
        limit: query.limit,
        total: result.total,
        pages: Math.ceil(result.total / query.limit),
      })
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/assign',
      summary: 'Assign (or unassign with null); audited with the reason',
      params: IdParams,
      body: AssignBody,
      errors: [400, 403, 404, 412],
    },
    async (req, res) => {
      const lead = await assignLead(
        context,
        actor(req),
        IdParams.parse(req.params).id,
        AssignBody.parse(req.body ?? {}),
        revisionFromIfMatch(req.get('If-Match')),
      )
      if (typeof lead._rev === 'number') res.set('ETag', etagOf(lead._rev))
      sendData(res, lead)
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/merge',
      summary: 'Merge these leads and `ids` into the oldest (provenance audited)',
      params: IdParams,
      body: MergeBody,
      errors: [400, 403, 404, 409],
    },
    async (req, res) => {
      const { ids } = MergeBody.parse(req.body ?? {})
      sendData(res, await mergeLeads(context, actor(req), IdParams.parse(req.params).id, ids))
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/unmerge',
      summary: 'Undo the merge this lead took part in (or `mergeId`)',
      params: IdParams,
      body: UnmergeBody,
      errors: [400, 403, 404, 409],
    },
    async (req, res) => {
      const { mergeId } = UnmergeBody.parse(req.body ?? {})
      sendData(res, await unmergeLead(context, actor(req), IdParams.parse(req.params).id, mergeId))
    },
  )

  const convert = async (req: Request, res: Response) => {
    const { reason, to: _to, ...fields } = ConvertBody.parse(req.body ?? {})
    const why = typeof reason === 'string' ? reason : undefined
    const result = await convertLead(context, actor(req), IdParams.parse(req.params).id, fields, why)
    sendData(res, result, { status: 201 })
  }
  on(
    {
      method: 'post',
      path: '/:id/convert',
      summary: 'Convert to a booking owned by the assigned bdm (body: booking fields)',
      params: IdParams,
      body: ConvertBody,
      status: 201,
      errors: [400, 403, 404, 409],
    },
    convert,
  )
  // `POST /:id/transition {to: converted}` is the same conversion; other targets go on to the generic router.
  router.post('/:id/transition', signedIn, (req, res, next) => {
    if ((req.body as { to?: unknown } | undefined)?.to !== 'converted') {
      next()
      return
    }
    convert(req, res).catch(next)
  })

  on(
    {
      method: 'get',
      path: '/:id/documents/:index',
      summary: 'Download a stored attachment',
      params: DocumentParams,
      envelope: false,
      errors: [403, 404],
    },
    async (req, res) => {
      const { id, index } = DocumentParams.parse(req.params)
      const lead = await leads.get(actor(req), id)
      const doc = (lead.documents as Array<{ key?: string; storedType?: string; originalName?: string }>)[index]
      if (doc?.key === undefined) throw new NotFoundError('Document not found')
      res.set('Content-Type', doc.storedType ?? 'application/octet-stream')
      res.set('Content-Disposition', `attachment; filename="${(doc.originalName ?? 'file').replace(/[^\w. -]/g, '_')}"`)
      res.send(await context.storage.read(doc.key))
    },
  )
  return router
}
