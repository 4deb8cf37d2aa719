import { Schema, Types, type Connection } from 'mongoose'
import { ConflictError } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'
import { paise } from './invoice-balance.js'

// Settlement holds: how two receipts (or credit notes) written at the same moment cannot both take the same
// outstanding amount, without transactions. Before a write that applies more to an invoice is stored, one atomic,
// conditional update on the invoice pushes a hold of that amount, and only if the invoice's settled outstanding
// minus the holds already on it covers it; a concurrent writer finds the room taken and is refused (409). The
// settlement (src/billing/settle.ts) removes a hold in the same write that counts its document, so the amount is
// always held or counted, never neither. A hold whose write failed is released by the writer; one a crash left
// behind only ever refuses too much, never too little, until `billing.reconcile` drops it after its grace period.
// Holds are bookkeeping, not business data: never selected by reads, never audited.

export const HOLDS_FIELD = 'settlementHolds'

/** The declared field on sales invoices (internal, unselected). */
export const holdsField = {
  type: [new Schema({ key: String, amount: Number, at: Date }, { _id: false })],
  default: undefined,
  select: false,
}

export interface SettlementHold {
  /** `<document id>:<revision>`: the write the hold stands for (revision 1 = its creation). */
  readonly key: string
  readonly amount: number
  readonly at: Date
}

/** Which write a hold stands for. */
export function holdKey(documentId: unknown, revision: number): string {
  return `${String(documentId)}:${String(revision)}`
}

export function parseHoldKey(key: string): { documentId: string; revision: number } {
  const [documentId = '', revision = '0'] = key.split(':')
  return { documentId, revision: Number(revision) }
}

/** States in which an invoice takes receipts and credit notes. */
export const SETTLING_STATES = ['issued', 'partially_paid', 'paid']

/** The invoice as this module reads and writes it, straight through the driver. */
interface HeldInvoice {
  _id: Types.ObjectId
  status?: string
  outstanding?: number
  deletedAt?: Date | null
  settlementHolds?: SettlementHold[]
}

const invoicesOf = (connection: Connection) => connection.collection<HeldInvoice>('sales-invoices')

/** The holds on an invoice (none when it names no invoice). */
export async function holdsOn(connection: Connection, invoiceId: Types.ObjectId): Promise<SettlementHold[]> {
  const found = await invoicesOf(connection).findOne({ _id: invoiceId }, { projection: { [HOLDS_FIELD]: 1 } })
  return found?.settlementHolds ?? []
}

/** What the invoice can still take: its settled outstanding less what is held. */
function available(invoice: HeldInvoice): number {
  const holds = invoice.settlementHolds ?? []
  return (invoice.outstanding ?? 0) - holds.reduce((sum, hold) => sum + hold.amount, 0)
}

/**
 * Holds `amount` on the invoice for the write `key`, or throws 409 naming `field` and what the invoice can still
 * take. Amounts of 0 or less (a write that takes nothing more) hold nothing.
 */
export async function holdSettlement(
  connection: Connection,
  invoiceId: unknown,
  hold: { key: string; amount: number; field: string },
): Promise<void> {
  if (hold.amount <= 0) return
  const _id = new Types.ObjectId(String(invoiceId))
  const room = { $subtract: ['$outstanding', { $sum: { $ifNull: [`$${HOLDS_FIELD}.amount`, []] } }] }
  const result = await invoicesOf(connection).updateOne(
    { _id, deletedAt: null, status: { $in: SETTLING_STATES }, $expr: { $gte: [room, hold.amount] } },
    { $push: { settlementHolds: { key: hold.key, amount: hold.amount, at: new Date() } } },
  )
  if (result.modifiedCount === 1) return
  const invoice = await invoicesOf(connection).findOne({ _id })
  if (!invoice || invoice.deletedAt != null || !SETTLING_STATES.includes(invoice.status ?? '')) {
    const state = invoice?.status ?? 'gone'
    throw new ConflictError('Conflicts with existing records', [
      { path: 'invoice', message: `is ${state}; only an issued invoice takes receipts and credit notes` },
    ])
  }
  throw new ConflictError('Conflicts with existing records', [
    {
      path: hold.field,
      message: `${paise(hold.amount)} exceeds the invoice's outstanding ${paise(Math.max(0, available(invoice)))}`,
    },
  ])
}

/** The update operator that removes the holds `keys` (settlement applies it with its own audited write). */
export function pullHolds(keys: readonly string[]): Record<string, unknown> {
  return { $pull: { [HOLDS_FIELD]: { key: { $in: keys } } } }
}

/** Releases the holds `keys` on the invoice: writes that did not happen, or were counted already (idempotent). */
export async function releaseHolds(connection: Connection, invoiceId: unknown, keys: readonly string[]): Promise<void> {
  await invoicesOf(connection).updateOne(
    { _id: new Types.ObjectId(String(invoiceId)) },
    { $pull: { settlementHolds: { key: { $in: [...keys] } } } },
  )
}

/** `assignOnCreate` of receipts (`amount`) and credit notes (`total`): the hold, right before the record is stored. */
export function holdOnCreate(field: string) {
  return async (record: ResourceRecord, connection: Connection): Promise<ResourceRecord> => {
    await holdSettlement(connection, record.invoice, {
      key: holdKey(record._id, 1),
      amount: Number(record[field] ?? 0),
      field,
    })
    return {}
  }
}
