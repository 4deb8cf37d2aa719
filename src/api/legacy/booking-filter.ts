import { z } from 'zod'
import { BOOKING_STATUSES } from '../../models/booking.js'
import { text } from '../../models/fields/text.js'
import { escapeRegex } from '../params.js'

// Seed 1's GET /booking/bookings/filter query (seed-systems §2.7), parsed strictly. `userRole`/`userId` are
// accepted for old clients and ignored: the JWT decides what the caller sees.

export const PAYMENT_MODES = [
  'Kotak Mahindra Bank',
  'HDFC Bank',
  'Razorpay',
  'HDFC Gateway',
  'CashFree Gateway',
  'Phonepe Gateway',
  'Enego Projects',
  'Cash',
] as const

/** Forms send empty parameters for unset filters. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional())
const day = text(100).refine((text) => !Number.isNaN(Date.parse(text)), 'is not a valid date')
function oneOf(values: readonly string[], what: string) {
  return text(100).transform((text, ctx) => {
    const found = values.find((value) => value.toLowerCase() === text.trim().toLowerCase())
    if (found === undefined) ctx.addIssue({ code: 'custom', message: `is not a valid ${what}` })
    return found ?? ''
  })
}

export const LegacyFilterQuery = z.strictObject({
  startDate: optional(day),
  endDate: optional(day),
  paymentStartDate: optional(day),
  paymentEndDate: optional(day),
  status: optional(oneOf(BOOKING_STATUSES, 'status')),
  service: optional(text(200)),
  paymentmode: optional(oneOf(PAYMENT_MODES, 'paymentmode')),
  bdmName: optional(text(100)),
  userRole: optional(text(50)),
  userId: optional(text(50)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
  limit: optional(z.coerce.number().int().min(1).max(100)),
})
export type LegacyFilterQuery = z.infer<typeof LegacyFilterQuery>

function range(from: string | undefined, to: string | undefined): Record<string, Date> | undefined {
  if (from === undefined && to === undefined) return undefined
  const bounds: Record<string, Date> = {}
  if (from !== undefined) bounds.$gte = new Date(from)
  if (to !== undefined) {
    const end = new Date(to)
    // A date-only end means the whole day, as seed 1 did.
    if (/^\d{4}-\d{2}-\d{2}$/.test(to)) end.setUTCHours(23, 59, 59, 999)
    bounds.$lte = end
  }
  return bounds
}

/** The engine filter of a legacy filter query: a payment range wins over a booking-date range, as in seed 1. */
export function legacyFilter(query: LegacyFilterQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {}
  const payment = range(query.paymentStartDate, query.paymentEndDate)
  const booked = range(query.startDate, query.endDate)
  if (payment) filter.payment_date = payment
  else if (booked) filter.date = booked
  if (query.status) filter.status = query.status
  if (query.service) filter.services = query.service
  if (query.paymentmode) filter.bank = query.paymentmode
  if (query.bdmName) filter.bdm = new RegExp(escapeRegex(query.bdmName), 'i')
  return filter
}
