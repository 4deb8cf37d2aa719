import type { Config } from '../config.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { lineAmount, type InvoiceLine } from './gst.js'

// The invoice as a PDF, rendered on the server with pdfkit (pure JavaScript, standard fonts). Standard PDF fonts
// have no rupee sign, so amounts read "Rs. 1,234.50".

const TITLES: Readonly<Record<string, string>> = {
  proforma: 'PROFORMA INVOICE',
  tax: 'TAX INVOICE',
  credit_note: 'CREDIT NOTE',
}

export function rs(paise: number): string {
  return `Rs. ${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

const str = (value: unknown) => (typeof value === 'string' ? value : '')

function header(doc: PDFKit.PDFDocument, invoice: ResourceRecord, seller: Config['seller']): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(TITLES[str(invoice.kind)] ?? 'INVOICE', { align: 'right' })
  doc.font('Helvetica').fontSize(10)
  doc.text(`Number: ${str(invoice.number)}`, { align: 'right' })
  const date = invoice.date instanceof Date ? invoice.date : new Date(str(invoice.date))
  doc.text(`Date: ${date.toISOString().slice(0, 10)}`, { align: 'right' })
  doc.moveDown()
  doc.font('Helvetica-Bold').text(seller.name)
  doc.font('Helvetica')
  if (seller.address) doc.text(seller.address)
  doc.text(`State: ${seller.state}`)
  if (seller.gstin) doc.text(`GSTIN: ${seller.gstin}`)
  doc.moveDown()
  doc.font('Helvetica-Bold').text('Bill to')
  doc.font('Helvetica').text(str(invoice.client_company_name))
  const lines = [
    str(invoice.client_name),
    str(invoice.client_address),
    [str(invoice.client_city), str(invoice.client_state), str(invoice.client_postcode)].filter(Boolean).join(', '),
    str(invoice.client_gstin) ? `GSTIN: ${str(invoice.client_gstin)}` : '',
    str(invoice.client_email),
  ]
  for (const line of lines.filter(Boolean)) doc.text(line)
  doc.moveDown()
}

function items(doc: PDFKit.PDFDocument, lines: readonly InvoiceLine[]): void {
  const columns = [50, 320, 380, 470]
  const row = (cells: string[], bold = false) => {
    const y = doc.y
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica')
    cells.forEach((cell, i) =>
      doc.text(cell, columns[i] ?? 50, y, { width: i === 0 ? 260 : 80, align: i === 0 ? 'left' : 'right' }),
    )
    doc.moveDown(0.5)
  }
  row(['Description', 'Qty', 'Rate', 'Amount'], true)
  for (const line of lines) row([line.description, String(line.quantity), rs(line.rate), rs(lineAmount(line))])
  doc.moveDown()
}

/** Label and paise of each totals row, in order; the last one is printed bold. */
export type TotalsRows = ReadonlyArray<readonly [string, number]>

function invoiceRows(invoice: ResourceRecord): TotalsRows {
  const rate = Number(invoice.gst_rate ?? 0)
  const figures: Array<[string, number]> = [['Subtotal', Number(invoice.subtotal)]]
  if (invoice.gst_mode === 'intra') {
    figures.push(
      [`CGST @ ${String(rate / 2)}%`, Number(invoice.cgst)],
      [`SGST @ ${String(rate / 2)}%`, Number(invoice.sgst)],
    )
  } else if (invoice.gst_mode === 'inter') {
    figures.push([`IGST @ ${String(rate)}%`, Number(invoice.igst)])
  }
  figures.push(['Total', Number(invoice.total)])
  return figures
}

function totals(doc: PDFKit.PDFDocument, figures: TotalsRows): void {
  for (const [index, [label, amount]] of figures.entries()) {
    const y = doc.y
    doc.font(index === figures.length - 1 ? 'Helvetica-Bold' : 'Helvetica')
    doc.text(label, 320, y, { width: 140, align: 'right' })
    doc.text(rs(amount), 470, y, { width: 80, align: 'right' })
    doc.moveDown(0.3)
  }
}

/**
 * Renders an invoice-shaped record. `rows` replaces the single-rate totals block (the sales documents, whose lines
 * carry their own rates and discounts, pass theirs).
 */
export async function renderInvoicePdf(
  invoice: ResourceRecord,
  seller: Config['seller'],
  rows?: TotalsRows,
): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts are not a cost of every start-up.
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${str(invoice.kind)} ${str(invoice.number)}` },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => {
      resolve(Buffer.concat(chunks))
    })
    doc.on('error', reject)
  })
  header(doc, invoice, seller)
  items(doc, (Array.isArray(invoice.items) ? invoice.items : []) as InvoiceLine[])
  totals(doc, rows ?? invoiceRows(invoice))
  if (str(invoice.notes)) doc.moveDown().font('Helvetica').text(str(invoice.notes), 50)
  doc.end()
  return await done
}
