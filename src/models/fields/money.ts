import { z } from 'zod'

// Money as records keep it: integer paise (the smallest unit of the currency) with an ISO currency code.

/** The currencies HR and recruiting quote in (seed 2 kept a currencies table; these are the ones in use). */
export const CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'AED'] as const

export const currency = z.enum(CURRENCIES, { error: `must be one of ${CURRENCIES.join(', ')}` })

/** A non-negative whole amount in paise (or cents), at most ₹1,000 crore. */
export const paiseAmount = z
  .number({ error: 'must be a number of paise' })
  .int('must be a whole number of paise')
  .min(0, 'must not be negative')
  .max(1e12, 'is too large')
