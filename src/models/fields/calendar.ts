import { z } from 'zod'
import { text } from './text.js'

// Days and times of day as HR records them. A day is stored as that day's UTC midnight, so "one row per employee per
// day" is one stored value whatever time or zone the client sent; a time of day is a validated 'HH:MM' string
// (seed 2 kept TIME columns), compared as minutes since midnight.

/** A calendar day: `2026-03-02` (or any date, whose UTC day is kept), stored as that day's UTC midnight. */
export const calendarDay = z
  // Text or a Date only: coercing null, true or a number would quietly make a day of 1970.
  .union([z.string(), z.date()], { error: 'must be a date (YYYY-MM-DD)' })
  .pipe(z.coerce.date({ error: 'must be a date (YYYY-MM-DD)' }))
  .transform((value) => new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate())))

/** A time of day, 24-hour `HH:MM`. */
export const timeOfDay = text(8).pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day (HH:MM)'))

/** Minutes since midnight of an `HH:MM` value, or null when the value is not one. */
export function minutesOf(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const match = /^(\d{2}):(\d{2})$/.exec(value)
  if (!match) return null
  return Number(match[1]) * 60 + Number(match[2])
}

/** Whole days from one stored day to another, both included (a leave from Monday to Wednesday: 3). */
export function daysIncluded(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1
}
