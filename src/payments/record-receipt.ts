import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { Resources } from '../models/index.js'
import { revisionOf } from '../models/plugins/revision.js'
import { RevisionMismatchError } from '../models/resource-errors.js'
import { rupeesOf } from './money.js'

// A captured payment that belongs to a booking is recorded on that booking, once, as an audited update whose actor
// is the webhook or the reconcile job. Booking amounts are rupees (seed 1's unit, what the frontends show).
//
// Receipts and term_1..3: a receipt fills the first term that is still 0 (term_1, then term_2, then term_3), so the
// usual "advance, second, final" instalments land where the sales team expects them; once all three hold an amount,
// further receipts are added to term_3. received_amount and pending_amount follow (the booking derives them).
// A receipt that would take the booking past its total is refused by the booking's own rule; the webhook entry (or
// the job run) then stays failed with that message, for an operator to correct the booking and replay.

export interface CapturedPayment {
  /** The provider's payment id (`pay_...`): the receipt's identity, so it is recorded at most once. */
  id: string
  amount: number
  /** Unix seconds. */
  created_at: number
}

const TERMS = ['term_1', 'term_2', 'term_3'] as const

function termFor(booking: ResourceRecord): (typeof TERMS)[number] {
  return TERMS.find((term) => Number(booking[term] ?? 0) === 0) ?? 'term_3'
}

export function receiptReason(paymentId: string): string {
  return `receipt ${paymentId}`
}

async function alreadyRecorded(resources: Resources, bookingId: Types.ObjectId, paymentId: string): Promise<boolean> {
  // The audit log is the ledger: a committed (or in-flight) entry with this receipt's reason means it is on the booking.
  const found = await resources.audit.exists({
    resource: 'bookings',
    documentId: bookingId,
    reason: { $regex: `^${receiptReason(paymentId)}\\b` },
  })
  return found !== null
}

const ATTEMPTS = 5

/**
 * Records the captured payment on its booking unless it already is. The webhook and the reconcile job may record the
 * same payment at the same moment: the ledger check comes after the booking is read and the write is pinned to that
 * revision, so of two racing writers one claims the revision and the other gets a revision mismatch, reads again and
 * finds the receipt recorded.
 */
export async function recordReceipt(
  resources: Resources,
  actor: Actor,
  payment: ResourceRecord,
  captured: CapturedPayment,
): Promise<boolean> {
  const bookingId = payment.booking_id
  if (typeof bookingId !== 'string' || !Types.ObjectId.isValid(bookingId)) return false
  for (let attempt = 1; ; attempt += 1) {
    const booking = await resources.bookings.get(actor, bookingId, { record: false })
    if (await alreadyRecorded(resources, new Types.ObjectId(bookingId), captured.id)) return false
    try {
      await resources.bookings.update(actor, bookingId, receiptChange(booking, captured), {
        reason: `${receiptReason(captured.id)} from ${String(payment._id)} (${termFor(booking)})`,
        ifRevision: revisionOf(booking),
      })
      return true
    } catch (error) {
      if (!(error instanceof RevisionMismatchError) || attempt >= ATTEMPTS) throw error
    }
  }
}

function receiptChange(booking: ResourceRecord, captured: CapturedPayment): Record<string, unknown> {
  const term = termFor(booking)
  const received = rupeesOf(captured.amount) + (term === 'term_3' ? Number(booking.term_3 ?? 0) : 0)
  const change: Record<string, unknown> = { [term]: Math.round(received * 100) / 100 }
  if (booking.payment_date === null || booking.payment_date === undefined) {
    change.payment_date = new Date(captured.created_at * 1000)
  }
  if (booking.bank === '' || booking.bank === undefined) change.bank = 'Razorpay'
  return change
}
