import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'

// Document dates: an ISO date (or date-time) on input, a Date when stored.

export const dateInput = z.coerce.date({ error: 'must be a date' })

/** The calendar day in Indian time: an issue date of "now" and a due date of "today" are the same day. */
function istDay(date: Date): string {
  return new Date(date.getTime() + 330 * 60_000).toISOString().slice(0, 10)
}

/** The later date (valid till, due date) must not fall on a day before the earlier one (the issue date). */
export function checkDates(record: ResourceRecord, earlier: string, later: string): FieldProblem[] {
  const from = record[earlier]
  const to = record[later]
  if (!(from instanceof Date) || !(to instanceof Date)) return []
  return istDay(to) < istDay(from) ? [{ path: later, message: `must not be before ${earlier}` }] : []
}
