import { z } from 'zod'

// Money as sales records keep it: whole paise (the smallest unit of the currency) with an ISO 4217 code naming a
// record of the `currencies` list (declare `currency: { resource: 'currencies', key: 'code' }` in `references`).

/** A non-negative amount in whole paise (at most ₹10,000 crore, well inside a double's exact integers). */
export const paise = z
  .number({ error: 'must be a number of paise' })
  .int('must be whole paise')
  .min(0, 'must not be negative')
  .max(1e15)

/** An ISO 4217 code (`INR`), upper-cased. */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 currency code')

export const DEFAULT_CURRENCY = 'INR'
