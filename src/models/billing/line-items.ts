import { z } from 'zod'
import { gstMode, invoiceTotals, lineAmount, type GstMode } from '../../invoices/gst.js'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'
import { recordId } from '../fields/record-id.js'
import { text } from '../fields/text.js'

// The one line-item and totals definition the seven sales documents share (quotations to credit notes). A line is a
// product (optional) or free text, a quantity, a unit price in paise, a GST rate and a discount in paise. Totals are
// derived on every write: the client never sends them. Tax is computed per line and rounded half up per line with
// gst.ts (the same rounding as the proforma/tax invoices), then summed.

export const GST_RATES = [0, 5, 12, 18, 28] as const

/** A GST rate in percent, one of the slabs. */
export const gstRate = z
  .number({ error: 'must be a number' })
  .refine((rate) => (GST_RATES as readonly number[]).includes(rate), `must be one of ${GST_RATES.join(', ')}`)

/** Integer paise, zero allowed (a free line, a zero discount). */
export const paiseAmount = z
  .number({ error: 'must be a number of paise' })
  .int('must be whole paise')
  .min(0, 'must not be negative')
  .max(1e11, 'is too large')

/** An ISO 4217 currency code; amounts are in its minor unit (paise for INR). */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code such as INR'))

export const lineInput = z.strictObject({
  product: recordId('product').optional(),
  description: text(300).optional(),
  quantity: z.number({ error: 'must be a number' }).positive('must be positive').max(1e6),
  unitPrice: paiseAmount,
  taxRate: gstRate,
  /** Paise off this line, before tax. */
  discount: paiseAmount.optional(),
})
export type LineInput = z.infer<typeof lineInput>

export const linesInput = z.array(lineInput).min(1, 'must hold at least one line').max(200)

const lineField = {
  _id: false,
  product: { type: String, default: null },
  description: { type: String, default: '' },
  quantity: Number,
  unitPrice: Number,
  taxRate: Number,
  discount: { type: Number, default: 0 },
}

export const TOTAL_FIELDS = [
  'subtotal',
  'discount',
  'taxable',
  'gstMode',
  'cgst',
  'sgst',
  'igst',
  'taxTotal',
  'total',
] as const

/**
 * Stored fields every document has: lines, currency, totals, and the two states that decide CGST/SGST against IGST
 * (internal: the seller's from the configuration, the place of supply from the client's billing state).
 */
export const documentFields = {
  currency: { type: String, default: 'INR' },
  items: { type: [lineField], required: true },
  notes: { type: String, default: '' },
  ownerId: { type: String, index: true },
  sellerState: { type: String, default: '' },
  placeOfSupply: { type: String, default: '' },
  subtotal: { type: Number, default: 0 },
  discount: { type: Number, default: 0 },
  taxable: { type: Number, default: 0 },
  gstMode: { type: String, enum: ['intra', 'inter', 'none'], default: 'none' },
  cgst: { type: Number, default: 0 },
  sgst: { type: Number, default: 0 },
  igst: { type: Number, default: 0 },
  taxTotal: { type: Number, default: 0 },
  total: { type: Number, default: 0 },
}

/** Internal fields every document has (set by src/billing/document-service.ts). */
export const DOCUMENT_INTERNAL = ['sellerState', 'placeOfSupply'] as const

export interface DocumentTotals {
  subtotal: number
  discount: number
  taxable: number
  gstMode: GstMode
  cgst: number
  sgst: number
  igst: number
  taxTotal: number
  total: number
}

const str = (value: unknown) => (typeof value === 'string' ? value : '')

function linesOf(record: ResourceRecord): LineInput[] {
  return (Array.isArray(record.items) ? record.items : []) as LineInput[]
}

/** The totals of a document's lines; the supply is intra-state unless the place of supply is another state. */
export function documentTotals(record: ResourceRecord): DocumentTotals {
  const seller = str(record.sellerState)
  const place = str(record.placeOfSupply)
  const totals: DocumentTotals = {
    subtotal: 0,
    discount: 0,
    taxable: 0,
    gstMode: gstMode(true, 1, seller, place),
    cgst: 0,
    sgst: 0,
    igst: 0,
    taxTotal: 0,
    total: 0,
  }
  for (const line of linesOf(record)) {
    const gross = lineAmount({ quantity: line.quantity, rate: line.unitPrice })
    const discount = Math.min(line.discount ?? 0, gross)
    const taxable = gross - discount
    // gst.ts on one line of the taxable amount: its rounding (half up) applies per line.
    const tax = invoiceTotals(
      [{ description: '', quantity: 1, rate: taxable }],
      gstMode(true, line.taxRate, seller, place),
      line.taxRate,
    )
    totals.subtotal += gross
    totals.discount += discount
    totals.taxable += taxable
    totals.cgst += tax.cgst
    totals.sgst += tax.sgst
    totals.igst += tax.igst
  }
  totals.taxTotal = totals.cgst + totals.sgst + totals.igst
  totals.total = totals.taxable + totals.taxTotal
  return totals
}

export const documentDerived = {
  fields: TOTAL_FIELDS,
  compute: (record: ResourceRecord) => ({ ...documentTotals(record) }),
}

/** Each line names a product or describes itself; a discount never exceeds its line. */
export function checkLines(record: ResourceRecord): FieldProblem[] {
  const problems: FieldProblem[] = []
  linesOf(record).forEach((line, index) => {
    if (str(line.product) === '' && str(line.description).trim() === '') {
      problems.push({ path: `items.${String(index)}.description`, message: 'is required without a product' })
    }
    const gross = lineAmount({ quantity: line.quantity, rate: line.unitPrice })
    if ((line.discount ?? 0) > gross) {
      problems.push({ path: `items.${String(index)}.discount`, message: 'must not exceed the line amount' })
    }
  })
  return problems
}
