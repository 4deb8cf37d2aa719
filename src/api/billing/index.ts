import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { CONVERTIBLE, ConvertBody, convertToInvoice, type Convertible } from '../../billing/convert.js'
import { issueInvoice } from '../../billing/issue.js'
import { voidInvoice } from '../../billing/void.js'
import { multilineText, requiredText } from '../../models/fields/text.js'
import { etagOf, revisionOf } from '../../models/plugins/revision.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'
import { pdfRoutes } from './pdf-routes.js'
import { receiptDocumentRoutes } from './receipt-document-routes.js'

// The sales documents' verbs that are not CRUD: convert an offer into an invoice, issue an invoice, and the PDFs.
// Mounted before the generic router, which serves the rest of these paths.

const IssueBody = z.strictObject({ reason: multilineText(500).optional() })
const VoidBody = z.strictObject({ reason: requiredText(500) })

export function billingRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  // Per route, not router.use: requests for the generic router pass through here and authenticate there.
  const signedIn = authenticate(context)
  const on = (
    base: string,
    doc: Omit<RouteDoc, 'tag' | 'auth'>,
    handler: (req: Request, res: Response) => Promise<void>,
  ) => {
    const target = { router, registry, base: '/api/v1' }
    defineRoute(target, { ...doc, path: `${base}${doc.path}`, tag: base.slice(1), auth: true }, handler, signedIn)
  }
  const actor = (req: Request) => principalOf(req).actor

  for (const [kind, resource] of Object.entries(CONVERTIBLE) as Array<[Convertible, string]>) {
    on(
      `/${resource}`,
      {
        method: 'post',
        path: '/:id/convert',
        summary: 'Convert into a draft sales invoice with the same client and lines (409 once converted)',
        params: IdParams,
        body: ConvertBody,
        status: 201,
        errors: [400, 403, 404, 409, 412],
      },
      async (req, res) => {
        const body = ConvertBody.parse(req.body ?? {})
        sendData(res, await convertToInvoice(context, kind, actor(req), IdParams.parse(req.params).id, body), {
          status: 201,
        })
      },
    )
  }

  on(
    '/sales-invoices',
    {
      method: 'post',
      path: '/:id/issue',
      summary: 'Issue a draft: it takes the next SI number and can no longer change (credit notes correct it)',
      params: IdParams,
      body: IssueBody,
      errors: [400, 403, 404, 409, 412],
    },
    async (req, res) => {
      const { reason } = IssueBody.parse(req.body ?? {})
      const invoice = await issueInvoice(context, actor(req), IdParams.parse(req.params).id, reason)
      res.set('ETag', etagOf(revisionOf(invoice)))
      sendData(res, invoice)
    },
  )

  on(
    '/sales-invoices',
    {
      method: 'post',
      path: '/:id/void',
      summary: 'Void an issued, unpaid invoice: writes a credit note for all of it (the invoice becomes void)',
      params: IdParams,
      body: VoidBody,
      status: 201,
      errors: [400, 403, 404, 409],
    },
    async (req, res) => {
      const { reason } = VoidBody.parse(req.body ?? {})
      sendData(res, await voidInvoice(context, actor(req), IdParams.parse(req.params).id, reason), { status: 201 })
    },
  )

  pdfRoutes(context, router, signedIn)
  receiptDocumentRoutes(context, router, signedIn)
  return router
}
