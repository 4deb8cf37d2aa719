import type { Action } from '../access/vocabulary.js'
import type { IndexOptions } from 'mongoose'
import { z } from 'zod'
import { requiredText, text } from './fields/text.js'
import { PAYMENT_STATES } from './payment-states.js'

// What payment links and QR codes share: the owner, the booking, the amount in paise and the provider's answer.

/** Integer paise; Razorpay's smallest amount is 100 paise (₹1). */
export const paise = z
  .number({ error: 'must be a number of paise' })
  .int('must be a whole number of paise')
  .min(100, 'must be at least 100 paise (₹1)')
  .max(1e11, 'is too large')

const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/i, `must be a ${what} id`)

export const ownership = {
  user_id: objectId('user').optional(),
  bdm: text(100).optional(),
  booking_id: objectId('booking').nullable().optional(),
  description: text(250).optional(),
  currency: z.literal('INR', { error: 'must be INR' }).optional(),
}

export const paymentFields = {
  user_id: { type: String, required: true },
  bdm: { type: String, default: '' },
  booking_id: { type: String, default: null },
  description: { type: String, default: '' },
  amount: { type: Number, required: true, min: 100 },
  currency: { type: String, default: 'INR', enum: ['INR'] },
  status: { type: String, enum: PAYMENT_STATES, required: true },
  provider_id: { type: String, default: null },
  provider_url: { type: String, default: null },
  amount_paid: { type: Number, default: 0, min: 0 },
  failure_reason: { type: String, default: null },
}

export const paymentIndexes: ReadonlyArray<{ fields: Record<string, 1 | -1>; options?: IndexOptions }> = [
  { fields: { deletedAt: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, user_id: 1, createdAt: -1, _id: -1 } },
  { fields: { status: 1, updatedAt: 1 } },
  { fields: { booking_id: 1 } },
  {
    fields: { provider_id: 1 },
    options: { unique: true, partialFilterExpression: { provider_id: { $type: 'string' } } },
  },
]

export const paymentFilters = {
  user_id: 'string',
  bdm: 'string',
  booking_id: 'string',
  status: 'string',
  provider_id: 'string',
  amount: 'number',
  createdAt: 'date',
  updatedAt: 'date',
} as const

export const customerName = requiredText(100)

/**
 * Money (issue 11). `update` on payments covers the privileged status change (a transition with a reason); their
 * provider-bound fields never change after creation.
 */
export const MONEY_OPERATE: readonly Action[] = ['read', 'create', 'update', 'export', 'history']
/** Selling: open a payment or an invoice and follow it. */
export const MONEY_SELL: readonly Action[] = ['read', 'create', 'history']
