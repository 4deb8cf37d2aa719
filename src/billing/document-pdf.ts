import type { Config } from '../config.js'
import { renderInvoicePdf, type TotalsRows } from '../invoices/invoice-pdf.js'
import type { LineInput } from '../models/billing/line-items.js'
import type { ResourceRecord } from '../models/define-resource.js'

// A sales invoice or credit note as a PDF, drawn by the invoice renderer (invoice-pdf.ts): the document mapped to
// its shape, and totals rows of our own because each line carries its own rate and discount.

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const num = (value: unknown) => (typeof value === 'number' ? value : 0)

function totalsRows(document: ResourceRecord): TotalsRows {
  const rows: Array<[string, number]> = [['Subtotal', num(document.subtotal)]]
  if (num(document.discount) > 0) rows.push(['Discount', -num(document.discount)], ['Taxable', num(document.taxable)])
  if (num(document.cgst) > 0 || num(document.sgst) > 0)
    rows.push(['CGST', num(document.cgst)], ['SGST', num(document.sgst)])
  if (num(document.igst) > 0) rows.push(['IGST', num(document.igst)])
  if (document.paidAmount !== undefined && num(document.paidAmount) + num(document.creditedAmount) > 0) {
    rows.push(
      ['Total', num(document.total)],
      ['Paid', num(document.paidAmount)],
      ['Credited', num(document.creditedAmount)],
    )
    rows.push(['Outstanding', num(document.outstanding)])
    return rows
  }
  rows.push(['Total', num(document.total)])
  return rows
}

function lineText(line: LineInput): string {
  const parts = [str(line.description) || 'Product', `GST ${String(line.taxRate)}%`]
  if ((line.discount ?? 0) > 0) parts.push(`less ${(num(line.discount) / 100).toFixed(2)} discount`)
  return parts.join(' · ')
}

/** `kind`: the renderer's title (`tax`: TAX INVOICE, `credit_note`: CREDIT NOTE; a draft prints as INVOICE). */
export function renderDocumentPdf(
  document: ResourceRecord,
  client: ResourceRecord | null,
  kind: 'tax' | 'credit_note' | 'draft',
  seller: Config['seller'],
  note = '',
): Promise<Buffer> {
  const address = (client?.billingAddress ?? {}) as Record<string, unknown>
  const lines = (Array.isArray(document.items) ? document.items : []) as LineInput[]
  const shaped: ResourceRecord = {
    kind,
    number: str(document.number) || 'DRAFT',
    date: document.issueDate,
    client_company_name: str(client?.companyName),
    client_name: str(client?.contactName),
    client_address: [str(address.line1), str(address.line2)].filter(Boolean).join(', '),
    client_city: str(address.city),
    client_state: str(document.placeOfSupply),
    client_postcode: str(address.zipcode),
    client_gstin: str(client?.gstIn),
    client_email: str(client?.email),
    items: lines.map((line) => ({ description: lineText(line), quantity: line.quantity, rate: line.unitPrice })),
    notes: [note, str(document.notes)].filter(Boolean).join('\n'),
  }
  return renderInvoicePdf(shaped, seller, totalsRows(document))
}
