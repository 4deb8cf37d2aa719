import { Types, type Connection } from 'mongoose'
import { systemActor, type Actor } from '../access/actor.js'
import type { ResourceService } from '../models/bind-resource.js'
import { invoiceBalance, type InvoiceBalance } from '../models/billing/invoice-balance.js'
import {
  holdsOn,
  parseHoldKey,
  pullHolds,
  releaseHolds,
  type SettlementHold,
} from '../models/billing/settlement-holds.js'
import { REVISION_FIELD, revisionOf } from '../models/plugins/revision.js'
import { RevisionMismatchError } from '../models/resource-errors.js'

// Settlement: a sales invoice's paid, credited and outstanding amounts and its status, recounted from its live
// receipts and credit notes and stored with one audited internal write. A recount (rather than adding the new
// amount) can run any number of times, from any writer or the reconcile job, and comes out the same: a retry, a
// trash, a restore or a crash between a receipt and its settlement all end right. The same write removes the
// settlement holds (settlement-holds.ts) of the writes it counted, so an amount is never both held and counted away.

const ATTEMPTS = 5

/** A hold this old belongs to a write that died (writes take milliseconds); the reconcile job's default grace. */
export const STALE_HOLD_MS = 10 * 60_000

export interface SettleOptions {
  /** Who the invoice's audit entry names; the system by default (the caller was allowed the receipt). */
  readonly actor?: Actor
  /** Holds older than this (ms) whose write never happened are dropped. Default STALE_HOLD_MS. */
  readonly staleHoldMs?: number
}

/** Where an issued invoice stands: fully credited and unpaid is void; nothing outstanding is paid. */
export function settledStatus(balance: Pick<InvoiceBalance, 'paid' | 'outstanding'>): string {
  if (balance.outstanding <= 0) return balance.paid > 0 ? 'paid' : 'void'
  return balance.paid > 0 ? 'partially_paid' : 'issued'
}

/** The revision each document a hold names has reached (0 when it was never stored). */
async function revisionsOf(connection: Connection, holds: readonly SettlementHold[]): Promise<Map<string, number>> {
  const ids = [...new Set(holds.map((hold) => parseHoldKey(hold.key).documentId))]
    .filter((id) => Types.ObjectId.isValid(id))
    .map((id) => new Types.ObjectId(id))
  const reached = new Map<string, number>()
  for (const collection of ['sales-revenue', 'sales-credit-notes']) {
    const rows = await connection
      .collection(collection)
      .find({ _id: { $in: ids } }, { projection: { [REVISION_FIELD]: 1 } })
      .toArray()
    for (const row of rows) reached.set(String(row._id), Number(row[REVISION_FIELD] ?? 0))
  }
  return reached
}

/**
 * The holds the recount that follows accounts for: their write has happened (the document carries the revision,
 * so it is counted), or it died (older than the grace, and never happened). Read BEFORE the recount, so a write
 * seen here is also seen by it.
 */
async function finishedHolds(connection: Connection, invoiceId: unknown, staleMs: number): Promise<string[]> {
  const holds = await holdsOn(connection, new Types.ObjectId(String(invoiceId)))
  if (holds.length === 0) return []
  const reached = await revisionsOf(connection, holds)
  const staleBefore = Date.now() - staleMs
  return holds
    .filter((hold) => {
      const { documentId, revision } = parseHoldKey(hold.key)
      return (reached.get(documentId) ?? 0) >= revision || new Date(hold.at).getTime() < staleBefore
    })
    .map((hold) => hold.key)
}

/**
 * Brings the invoice's amounts and status in line with its receipts and credit notes; `why` goes in the audit.
 * Returns true when it had to change them.
 */
export async function settleInvoice(
  invoices: ResourceService,
  invoiceId: unknown,
  why: string,
  options: SettleOptions = {},
): Promise<boolean> {
  const connection = invoices.model.db
  for (let attempt = 1; ; attempt += 1) {
    const finished = Types.ObjectId.isValid(String(invoiceId))
      ? await finishedHolds(connection, invoiceId, options.staleHoldMs ?? STALE_HOLD_MS)
      : []
    const balance = await invoiceBalance(connection, invoiceId)
    if (!balance || balance.invoice.status === 'draft') return false
    const set = {
      paidAmount: balance.paid,
      creditedAmount: balance.credited,
      outstanding: balance.outstanding,
      status: settledStatus(balance),
    }
    const invoice = balance.invoice
    if (Object.entries(set).every(([key, value]) => invoice[key] === value)) {
      // Already counted (by another writer's recount): only the bookkeeping is left, and it is not audited.
      if (finished.length > 0) await releaseHolds(connection, invoice._id, finished)
      return false
    }
    try {
      await invoices.writeInternal(options.actor ?? systemActor, String(invoice._id), {
        set,
        action: 'update',
        reason: why,
        ifRevision: revisionOf(invoice),
        ...(finished.length > 0 ? { also: pullHolds(finished) } : {}),
      })
      return true
    } catch (error) {
      // Another receipt settled the invoice in between: read again and recompute.
      if (!(error instanceof RevisionMismatchError) || attempt >= ATTEMPTS) throw error
    }
  }
}
