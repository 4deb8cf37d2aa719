import { isValidObjectId, Types, type Connection, type Model } from 'mongoose'
import type { ResourceRecord } from '../define-resource.js'

// What a sales invoice has received and been credited, read from its live receipts and credit notes. The declared
// `verify` rules of receipts and credit notes use it to refuse more than is outstanding, and settlement
// (src/billing/settle.ts) to write the invoice's amounts.

export interface InvoiceBalance {
  readonly invoice: ResourceRecord
  readonly total: number
  readonly paid: number
  readonly credited: number
  readonly outstanding: number
}

function modelNamed(connection: Connection, name: string): Model<ResourceRecord> {
  const model = connection.models[name] as Model<ResourceRecord> | undefined
  if (!model) throw new Error(`${name} is not bound`)
  return model
}

async function sumOf(model: Model<ResourceRecord>, invoiceId: Types.ObjectId, field: string, exclude: unknown) {
  const filter: Record<string, unknown> = { invoice: invoiceId, deletedAt: null }
  if (exclude !== undefined) filter._id = { $ne: exclude }
  const rows = await model.find(filter, { [field]: 1 }).lean<ResourceRecord[]>()
  return rows.reduce((sum, row) => sum + Number(row[field] ?? 0), 0)
}

/**
 * The balance of a live invoice, or null when `invoiceId` names none. `exclude` leaves one receipt or credit note
 * out (the one being written, whose new amount the caller adds).
 */
export async function invoiceBalance(
  connection: Connection,
  invoiceId: unknown,
  exclude?: unknown,
): Promise<InvoiceBalance | null> {
  if (!isValidObjectId(invoiceId)) return null
  const id = new Types.ObjectId(String(invoiceId))
  const invoice = await modelNamed(connection, 'SalesInvoice')
    .findOne({ _id: id, deletedAt: null })
    .lean<ResourceRecord>()
  if (!invoice) return null
  const [paid, credited] = await Promise.all([
    sumOf(modelNamed(connection, 'SalesRevenue'), id, 'amount', exclude),
    sumOf(modelNamed(connection, 'SalesCreditNote'), id, 'total', exclude),
  ])
  const total = Number(invoice.total ?? 0)
  return { invoice, total, paid, credited, outstanding: total - paid - credited }
}

/** Receipts and credit notes apply only to an invoice that was issued and is not void. */
export function acceptsSettlement(invoice: ResourceRecord): boolean {
  return invoice.status === 'issued' || invoice.status === 'partially_paid' || invoice.status === 'paid'
}

/** An amount in messages: `150000 paise`, exact and unambiguous whatever the currency. */
export function paise(amount: number): string {
  return `${String(amount)} paise`
}
