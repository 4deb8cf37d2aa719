import { randomUUID } from 'node:crypto'
import { Schema, type Connection, type Types } from 'mongoose'
import { ConflictError } from '../../errors.js'

// The issue claim: how two requests issuing the same draft at the same moment cannot both take a number from the
// SI sequence (GST wants issued numbers without gaps), without transactions. Before a number is taken, one atomic,
// conditional update on the draft sets a claim; a second request finds it taken and is refused (409) having taken
// nothing. The claimant then takes the number and records it on the claim before it issues, so a claimant that dies
// (or whose issue write fails) leaves its number on the draft: the next issue of that draft, once the claim is stale
// or released, issues with that number instead of taking another. Bookkeeping, not business data: never selected
// by reads, never audited; removed once the invoice is issued.

export const ISSUE_CLAIM_FIELD = 'issueClaim'

/** A claim older than this belongs to a request that died: the next issue takes it over (and its number). */
export const ISSUE_CLAIM_STALE_MS = 2 * 60_000

/** The declared field on sales invoices (internal, unselected). */
export const issueClaimField = {
  type: new Schema({ key: String, at: Date, number: String }, { _id: false }),
  default: undefined,
  select: false,
}

export interface IssueClaim {
  /** The claiming request; null once released. */
  readonly key: string | null
  readonly at: Date | null
  /** The number taken for this draft, once taken: the issue that completes it uses this one. */
  readonly number?: string | null
}

interface ClaimedInvoice {
  _id: Types.ObjectId
  status?: string
  deletedAt?: Date | null
  issueClaim?: IssueClaim
}

const invoicesOf = (connection: Connection) => connection.collection<ClaimedInvoice>('sales-invoices')

/**
 * Claims the draft `id` for one issue; returns the claim key and the number an earlier, unfinished issue left on
 * it. Throws 409 naming `status` when the invoice is no longer a draft or another issue holds a fresh claim.
 */
export async function claimIssue(
  connection: Connection,
  id: Types.ObjectId,
  now = new Date(),
): Promise<{ key: string; number: string | null }> {
  const key = randomUUID()
  // `key: null` also matches a draft that never had a claim.
  const free = [
    { [`${ISSUE_CLAIM_FIELD}.key`]: null },
    { [`${ISSUE_CLAIM_FIELD}.at`]: { $lt: new Date(now.getTime() - ISSUE_CLAIM_STALE_MS) } },
  ]
  const claimed = await invoicesOf(connection).findOneAndUpdate(
    { _id: id, deletedAt: null, status: 'draft', $or: free },
    { $set: { [`${ISSUE_CLAIM_FIELD}.key`]: key, [`${ISSUE_CLAIM_FIELD}.at`]: now } },
    { returnDocument: 'after', projection: { [ISSUE_CLAIM_FIELD]: 1 } },
  )
  if (claimed) return { key, number: claimed.issueClaim?.number ?? null }
  const invoice = await invoicesOf(connection).findOne({ _id: id }, { projection: { status: 1, deletedAt: 1 } })
  const state = invoice === null || invoice.deletedAt != null ? 'gone' : String(invoice.status)
  if (state !== 'draft') {
    throw new ConflictError(`Cannot issue from state ${state}`, [{ path: 'status', message: `is ${state}` }])
  }
  throw new ConflictError('This invoice is being issued by another request', [
    { path: 'status', message: 'is draft, being issued by another request' },
  ])
}

/** Records the number taken under claim `key`; false when the claim was taken over meanwhile (the number is lost). */
export async function recordClaimedNumber(
  connection: Connection,
  id: Types.ObjectId,
  key: string,
  number: string,
): Promise<boolean> {
  const result = await invoicesOf(connection).updateOne(
    { _id: id, [`${ISSUE_CLAIM_FIELD}.key`]: key },
    { $set: { [`${ISSUE_CLAIM_FIELD}.number`]: number } },
  )
  return result.modifiedCount === 1
}

/** Releases claim `key` after a failed issue, keeping its number for the next issue of the draft. */
export async function releaseIssueClaim(connection: Connection, id: Types.ObjectId, key: string): Promise<void> {
  await invoicesOf(connection).updateOne(
    { _id: id, [`${ISSUE_CLAIM_FIELD}.key`]: key },
    { $set: { [`${ISSUE_CLAIM_FIELD}.key`]: null, [`${ISSUE_CLAIM_FIELD}.at`]: null } },
  )
}

/** Removes the claim of an issued invoice: its number is on the invoice now. */
export async function clearIssueClaim(connection: Connection, id: Types.ObjectId): Promise<void> {
  await invoicesOf(connection).updateOne({ _id: id, status: { $ne: 'draft' } }, { $unset: { [ISSUE_CLAIM_FIELD]: '' } })
}
