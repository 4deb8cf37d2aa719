import type { RequestHandler, Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { principalOf } from '../../auth/authenticate.js'
import { renderDocumentPdf } from '../../billing/document-pdf.js'
import { liveRecord } from '../../billing/lookups.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { route } from '../async-handler.js'
import { IdParams } from '../params.js'

// GET /api/v1/sales-invoices/:id/pdf and /api/v1/sales-credit-notes/:id/pdf (and seed 2's sales-creditnote path):
// the document rendered on the server for whoever may read it (an audited read, the same policy as GET /:id).

function send(res: Parameters<RequestHandler>[1], document: ResourceRecord, pdf: Buffer): void {
  const name = (typeof document.number === 'string' ? document.number : 'draft').replace(/[^\w-]+/g, '-')
  res.set('Content-Type', 'application/pdf')
  res.set('Content-Disposition', `attachment; filename="${name}.pdf"`)
  res.send(pdf)
}

export function pdfRoutes(context: AppContext, router: Router, signedIn: RequestHandler): void {
  const { salesInvoices, salesCreditNotes } = context.resources
  const connection = context.db.connection
  const seller = context.config.seller
  const read = (service: ResourceService, req: Parameters<RequestHandler>[0]) =>
    service.get(principalOf(req).actor, IdParams.parse(req.params).id)

  router.get(
    '/sales-invoices/:id/pdf',
    signedIn,
    route(async (req, res) => {
      const invoice = await read(salesInvoices, req)
      const client = await liveRecord(connection, 'Client', String(invoice.client))
      const kind = invoice.status === 'draft' ? 'draft' : 'tax'
      send(res, invoice, await renderDocumentPdf(invoice, client, kind, seller))
    }),
  )

  const creditNotePdf = route(async (req, res) => {
    const note = await read(salesCreditNotes, req)
    const client = await liveRecord(connection, 'Client', String(note.client))
    const invoice = await liveRecord(connection, 'SalesInvoice', String(note.invoice))
    const against = `Against invoice ${String(invoice?.number ?? note.invoice)}: ${String(note.reason)}`
    send(res, note, await renderDocumentPdf(note, client, 'credit_note', seller, against))
  })
  router.get('/sales-credit-notes/:id/pdf', signedIn, creditNotePdf)
  router.get('/sales-creditnote/:id/pdf', signedIn, creditNotePdf)
}
