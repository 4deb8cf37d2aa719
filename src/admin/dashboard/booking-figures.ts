import type { Actor } from '../../access/actor.js'
import { scopeOf, scopeFilter } from '../../access/policy.js'
import { BOOKING_STATUSES } from '../../models/booking.js'
import type { ResourceService } from '../../models/bind-resource.js'
import { allOf } from '../../models/resource-access.js'
import type { BookingFigures, DayCount, MonthFigures, StatusCount } from './types.js'

// Aggregations over the live bookings the viewer may read. Booking dates are calendar dates stored at UTC midnight
// (the frontends send `YYYY-MM-DD`), so days and months are cut in UTC: a booking dated the 1st counts on the 1st.

export const SERIES_DAYS = 30
const DAY_MS = 86_400_000

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
}

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

async function countByStatus(service: ResourceService, where: Record<string, unknown>): Promise<StatusCount[]> {
  const rows = await service.model.aggregate<{ _id: unknown; count: unknown }>([
    { $match: where },
    { $group: { _id: '$status', count: { $sum: 1 } } },
  ])
  const counts = new Map(rows.map((row) => [String(row._id), numberOf(row.count)]))
  // Every declared status is listed, even at 0, in the declared order; anything else (legacy data) follows.
  const known: string[] = [...BOOKING_STATUSES]
  const extra = [...counts.keys()].filter((status) => !known.includes(status)).sort()
  return [...known, ...extra].map((status) => ({ status, count: counts.get(status) ?? 0 }))
}

async function monthFigures(
  service: ResourceService,
  where: Record<string, unknown>,
  now: Date,
): Promise<MonthFigures> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  const [row] = await service.model.aggregate<Record<string, unknown>>([
    { $match: allOf(where, { date: { $gte: start, $lt: end } }) },
    {
      $group: {
        _id: null,
        count: { $sum: 1 },
        total: { $sum: '$total_amount' },
        received: { $sum: '$received_amount' },
        pending: { $sum: '$pending_amount' },
      },
    },
  ])
  return {
    month: dayKey(start),
    count: numberOf(row?.count),
    total: numberOf(row?.total),
    received: numberOf(row?.received),
    pending: numberOf(row?.pending),
  }
}

async function perDay(service: ResourceService, where: Record<string, unknown>, now: Date): Promise<DayCount[]> {
  const today = utcDay(now)
  const first = new Date(today.getTime() - (SERIES_DAYS - 1) * DAY_MS)
  const rows = await service.model.aggregate<{ _id: unknown; count: unknown }>([
    { $match: allOf(where, { date: { $gte: first, $lt: new Date(today.getTime() + DAY_MS) } }) },
    { $group: { _id: { $dateToString: { format: '%Y-%m-%d', date: '$date' } }, count: { $sum: 1 } } },
  ])
  const counts = new Map(rows.map((row) => [String(row._id), numberOf(row.count)]))
  return Array.from({ length: SERIES_DAYS }, (_, index) => {
    const day = dayKey(new Date(first.getTime() + index * DAY_MS))
    return { day, count: counts.get(day) ?? 0 }
  })
}

/** The booking figures of the dashboard; null when the viewer may not read bookings. */
export async function readBookingFigures(
  service: ResourceService,
  actor: Actor,
  now: Date,
): Promise<BookingFigures | null> {
  const scope = scopeFilter(actor, 'bookings', 'read')
  if (scope === null) return null
  // Trashed bookings never count: the same rule as every list and total.
  const where = allOf(scope, { deletedAt: null })
  const [byStatus, thisMonth, series] = await Promise.all([
    countByStatus(service, where),
    monthFigures(service, where, now),
    perDay(service, where, now),
  ])
  return {
    scope: scopeOf(actor, 'read', 'bookings') === 'all' ? 'all' : 'own',
    total: byStatus.reduce((sum, row) => sum + row.count, 0),
    byStatus,
    thisMonth,
    perDay: series,
  }
}
