import { z } from 'zod'
import { text } from './fields/text.js'
import { defineResource } from './define-resource.js'
import {
  MONEY_OPERATE,
  MONEY_SELL,
  paise,
  ownership,
  paymentFields,
  paymentFilters,
  paymentIndexes,
} from './payment-fields.js'
import { paymentWorkflow } from './payment-states.js'
import { ALL_ACTIONS } from '../access/vocabulary.js'

// A Razorpay payment link (seed 1's PaymentLink), amounts in paise. Created in state `creating` before the provider
// is called (src/payments/open-payment.ts), then moved forward only by the payment workflow.

const PHONE = /^\+?[0-9][0-9 -]{5,18}$/
/** Razorpay refuses an expiry less than 15 minutes ahead. */
const MIN_EXPIRY_MS = 15 * 60 * 1000

export const paymentLinkInput = z.strictObject({
  ...ownership,
  amount: paise,
  customer_name: text(100).optional(),
  customer_email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254)).optional(),
  customer_contact: z.string({ error: 'is required' }).trim().regex(PHONE, 'must be a phone number'),
  notify_sms: z.boolean().optional(),
  notify_email: z.boolean().optional(),
  reminder_enable: z.boolean().optional(),
  accept_partial: z.boolean().optional(),
  expire_by: z.coerce
    .date()
    .refine((date) => date.getTime() > Date.now() + MIN_EXPIRY_MS, 'must be at least 15 minutes ahead')
    .nullable()
    .optional(),
})

/** What the provider was told; changing it here would make our record disagree with the link. */
const SENT_TO_PROVIDER = [
  'amount',
  'customer_name',
  'customer_email',
  'customer_contact',
  'notify_sms',
  'notify_email',
  'reminder_enable',
  'accept_partial',
  'expire_by',
  'user_id',
]

export const paymentLinkResource = defineResource({
  name: 'PaymentLink',
  resource: 'payment-links',
  access: {
    owner: 'user_id',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: MONEY_OPERATE,
      'senior admin': MONEY_OPERATE,
      admin: MONEY_SELL,
      bdm: { actions: MONEY_SELL, scope: 'own' },
    },
    webhooks: { razorpay: ['read', 'update'] },
  },
  fields: {
    ...paymentFields,
    customer_name: { type: String, default: 'Customer' },
    customer_email: { type: String, default: '' },
    customer_contact: { type: String, required: true },
    notify_sms: { type: Boolean, default: true },
    notify_email: { type: Boolean, default: true },
    reminder_enable: { type: Boolean, default: true },
    accept_partial: { type: Boolean, default: false },
    expire_by: { type: Date, default: null },
  },
  indexes: paymentIndexes,
  input: paymentLinkInput,
  immutable: SENT_TO_PROVIDER,
  workflow: paymentWorkflow,
  audit: true,
  // Money records are never destroyed while they hold a provider link.
  trash: { retentionDays: 3650, legalHold: (record) => typeof record.provider_id === 'string' },
  search: ['customer_name', 'customer_email', 'customer_contact', 'bdm', 'description', 'provider_id'],
  filters: paymentFilters,
  sortable: ['createdAt', 'updatedAt', 'amount', 'status', 'bdm'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'createdAt',
    'status',
    'amount',
    'amount_paid',
    'currency',
    'customer_name',
    'customer_email',
    'customer_contact',
    'bdm',
    'booking_id',
    'provider_id',
    'provider_url',
    'failure_reason',
    'user_id',
  ],
  admin: { navigation: 'Money', listProperties: ['customer_name', 'amount', 'status', 'bdm', 'createdAt'] },
})
