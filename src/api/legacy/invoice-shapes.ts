import { z } from 'zod'
import { lineAmount } from '../../invoices/gst.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { paiseOf, rupeesOf } from '../../payments/money.js'

// Seed 1's invoice keys (camelCase, rupees) to and from our invoice records (paise, totals derived by the server).

const LegacyItem = z.looseObject({
  description: z.string().optional(),
  name: z.string().optional(),
  quantity: z.coerce.number().optional(),
  rate: z.coerce.number().optional(),
  price: z.coerce.number().optional(),
})

const LegacyInvoice = z.looseObject({
  date: z.string().optional(),
  clientCompanyName: z.string().optional(),
  clientName: z.string().optional(),
  clientEmail: z.string().optional(),
  clientAddress: z.string().optional(),
  clientGstNumber: z.union([z.string(), z.number()]).transform(String).optional(),
  clientState: z.string().optional(),
  items: z.array(LegacyItem).optional(),
  gstRate: z.coerce.number().optional(),
  includeGst: z.boolean().optional(),
  booking_id: z.string().optional(),
})

/** Only the keys present are mapped, so a PUT changes what it names. Client totals (subtotal, gstAmount, total) are ignored. */
export function fromLegacyInvoice(body: unknown): Record<string, unknown> {
  const legacy = LegacyInvoice.parse(body ?? {})
  const out: Record<string, unknown> = {
    date: legacy.date,
    client_company_name: legacy.clientCompanyName,
    client_name: legacy.clientName,
    client_email: legacy.clientEmail,
    client_address: legacy.clientAddress,
    client_gstin: legacy.clientGstNumber,
    client_state: legacy.clientState,
    gst_rate: legacy.gstRate,
    include_gst: legacy.includeGst,
    booking_id: legacy.booking_id,
    items: legacy.items?.map((item) => ({
      description: item.description ?? item.name ?? '',
      quantity: item.quantity ?? 1,
      rate: paiseOf(item.rate ?? item.price ?? Number.NaN),
    })),
  }
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined))
}

const money = (value: unknown) => rupeesOf(typeof value === 'number' ? value : 0)

export function toLegacyInvoice(record: ResourceRecord): ResourceRecord {
  const items = (Array.isArray(record.items) ? record.items : []) as Array<{ description: string; quantity: number; rate: number }>
  return {
    _id: record._id,
    invoiceNumber: record.number,
    kind: record.kind,
    date: record.date instanceof Date ? record.date.toISOString().slice(0, 10) : record.date,
    clientCompanyName: record.client_company_name,
    clientName: record.client_name,
    clientEmail: record.client_email,
    clientAddress: record.client_address,
    clientGstNumber: record.client_gstin,
    clientState: record.client_state,
    items: items.map((item) => ({ description: item.description, quantity: item.quantity, rate: money(item.rate), amount: money(lineAmount(item)) })),
    subtotal: money(record.subtotal),
    gstRate: record.gst_rate,
    gstAmount: money(record.gst_total),
    cgst: money(record.cgst),
    sgst: money(record.sgst),
    igst: money(record.igst),
    total: money(record.total),
    includeGst: record.include_gst,
    pdf: `/api/v1/invoices/${String(record._id)}/pdf`,
  }
}
