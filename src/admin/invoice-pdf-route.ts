import type { RequestHandler } from 'express'
import { route } from '../api/async-handler.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError } from '../errors.js'
import { renderInvoicePdf } from '../invoices/invoice-pdf.js'
import { currentActor } from '../request-context.js'

/** GET /admin/invoices/:id/pdf: the invoice's PDF for the panel's signed-in user (the API's rendering and policy). */
export function invoicePdfAdminRoute(context: AppContext): RequestHandler<{ id: string }> {
  return route<{ id: string }>(async (req, res) => {
    const actor = currentActor()
    if (!actor) throw new ForbiddenError('Sign in again')
    const invoice = await context.resources.invoices.get(actor, req.params.id)
    const pdf = await renderInvoicePdf(invoice, context.config.seller)
    res.set('Content-Type', 'application/pdf')
    res.set('Content-Disposition', `attachment; filename="${String(invoice.number).replace(/[^\w-]+/g, '-')}.pdf"`)
    res.send(pdf)
  })
}
