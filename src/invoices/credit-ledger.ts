import { Schema, Types, type Connection } from 'mongoose'
import { ConflictError } from '../errors.js'

// The credit ledger of a tax invoice: how the credit notes against one invoice can never credit more than its
// total, counting earlier notes, even when two are written at the same moment, without transactions. Before a
// credit note is stored (and before it takes a number), one atomic, conditional update on the tax invoice pushes
// the note's id and total onto the invoice's ledger, and only if the invoice's total less what the ledger already
// holds covers it; a concurrent writer finds the room taken and is refused (409), having stored nothing. A note
// whose write then fails is taken off again; one a crash left behind only ever refuses too much, never too little,
// and is dropped by the next refused note once it is older than STALE_MS and its note was never stored.
// The ledger is bookkeeping (its entries are the invoice's credit notes), not business data: never read, never audited.

export const CREDIT_LEDGER_FIELD = 'creditLedger'

/** An entry whose note is still not stored after this long belongs to a write that died. */
const STALE_MS = 10 * 60_000

/** The declared field on invoices (internal, unselected). */
export const creditLedgerField = {
  type: [new Schema({ key: String, amount: Number, at: Date }, { _id: false })],
  default: undefined,
  select: false,
}

interface LedgerEntry {
  /** The credit note's id. */
  key: string
  /** Its total, in paise. */
  amount: number
  at: Date
}

interface LedgerInvoice {
  _id: Types.ObjectId
  kind?: string
  total?: number
  credit_for?: string | null
  createdAt?: Date
  deletedAt?: Date | null
  creditLedger?: LedgerEntry[]
}

const invoicesOf = (connection: Connection) => connection.collection<LedgerInvoice>('invoices')

/**
 * A tax invoice credited before it had a ledger (written before this existed) gets one from its stored credit notes.
 * Conditional on there being none, so of two racing starts one writes it; no note can be added before it exists.
 */
async function ensureLedger(connection: Connection, _id: Types.ObjectId): Promise<void> {
  const invoices = invoicesOf(connection)
  if (await invoices.findOne({ _id, [CREDIT_LEDGER_FIELD]: { $exists: true } }, { projection: { _id: 1 } })) return
  const notes = await invoices
    .find({ kind: 'credit_note', credit_for: _id.toHexString() }, { projection: { total: 1, createdAt: 1 } })
    .toArray()
  const entries = notes.map((note) => ({
    key: note._id.toHexString(),
    amount: note.total ?? 0,
    at: note.createdAt ?? new Date(),
  }))
  await invoices.updateOne({ _id, [CREDIT_LEDGER_FIELD]: { $exists: false } }, { $set: { creditLedger: entries } })
}

async function push(connection: Connection, _id: Types.ObjectId, entry: LedgerEntry): Promise<boolean> {
  const room = { $subtract: ['$total', { $sum: { $ifNull: [`$${CREDIT_LEDGER_FIELD}.amount`, []] } }] }
  const result = await invoicesOf(connection).updateOne(
    { _id, kind: 'tax', deletedAt: null, $expr: { $gte: [room, entry.amount] } },
    { $push: { creditLedger: entry } },
  )
  return result.modifiedCount === 1
}

/** Drops entries older than STALE_MS whose credit note was never stored; true when it dropped any. */
async function dropDeadEntries(connection: Connection, invoice: LedgerInvoice): Promise<boolean> {
  const old = (invoice.creditLedger ?? []).filter((entry) => entry.at.getTime() < Date.now() - STALE_MS)
  if (old.length === 0) return false
  const ids = old.map((entry) => new Types.ObjectId(entry.key))
  const stored = await invoicesOf(connection)
    .find({ _id: { $in: ids } }, { projection: { _id: 1 } })
    .toArray()
  const storedKeys = new Set(stored.map((note) => note._id.toHexString()))
  const dead = old.map((entry) => entry.key).filter((key) => !storedKeys.has(key))
  if (dead.length === 0) return false
  await releaseCredit(connection, invoice._id, dead)
  return true
}

function refusal(invoice: LedgerInvoice | null, amount: number): ConflictError {
  if (!invoice || invoice.deletedAt != null || invoice.kind !== 'tax') {
    return new ConflictError('Conflicts with existing records', [
      { path: 'credit_for', message: 'must be a tax invoice' },
    ])
  }
  const credited = (invoice.creditLedger ?? []).reduce((sum, entry) => sum + entry.amount, 0)
  const left = Math.max(0, (invoice.total ?? 0) - credited)
  return new ConflictError('Conflicts with existing records', [
    {
      path: 'credit_for',
      message: `credits ${String(amount)} paise; ${String(left)} paise of the invoice's ${String(invoice.total ?? 0)} are left to credit`,
    },
  ])
}

/**
 * Books credit note `noteId` of `amount` paise on tax invoice `invoiceId`, or throws 409 naming `credit_for` and what
 * is left to credit (earlier notes and notes being written count).
 */
export async function reserveCredit(
  connection: Connection,
  invoiceId: string,
  noteId: Types.ObjectId,
  amount: number,
): Promise<void> {
  const _id = new Types.ObjectId(invoiceId)
  await ensureLedger(connection, _id)
  const entry = { key: noteId.toHexString(), amount, at: new Date() }
  if (await push(connection, _id, entry)) return
  const invoice = await invoicesOf(connection).findOne({ _id })
  if (invoice && (await dropDeadEntries(connection, invoice)) && (await push(connection, _id, entry))) return
  throw refusal(await invoicesOf(connection).findOne({ _id }), amount)
}

/** Takes the entries `keys` off the invoice's ledger: notes that were not stored (idempotent). */
export async function releaseCredit(connection: Connection, invoiceId: Types.ObjectId, keys: string[]): Promise<void> {
  await invoicesOf(connection).updateOne({ _id: invoiceId }, { $pull: { creditLedger: { key: { $in: keys } } } })
}
