import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { renderInvoicePdf } from '../../invoices/invoice-pdf.js'
import { route } from '../async-handler.js'
import { IdParams } from '../params.js'

// GET /api/v1/invoices/:id/pdf: the invoice rendered on the server, for whoever may read it (an audited read).

export function invoicePdfRouter(context: AppContext): Router {
  const router = express.Router()
  router.get(
    '/:id/pdf',
    authenticate(context),
    route(async (req, res) => {
      const invoice = await context.resources.invoices.get(principalOf(req).actor, IdParams.parse(req.params).id)
      const pdf = await renderInvoicePdf(invoice, context.config.seller)
      const name = String(invoice.number).replace(/[^\w-]+/g, '-')
      res.set('Content-Type', 'application/pdf')
      res.set('Content-Disposition', `attachment; filename="${name}.pdf"`)
      res.send(pdf)
    }),
  )
  return router
}
