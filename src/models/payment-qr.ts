import { z } from 'zod'
import { text } from './fields/text.js'
import { defineResource } from './define-resource.js'
import {
  customerName,
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

// A Razorpay UPI QR code (seed 1's PaymentQR), fixed amount in paise, single or multiple use, closed by a time.

export const paymentQrInput = z.strictObject({
  ...ownership,
  name: customerName,
  amount: paise,
  usage: z.enum(['single_use', 'multiple_use']).optional(),
  purpose: text(100).optional(),
  /** Hours until Razorpay closes the code (seed 1: `close_by_hours`, default 24). */
  close_by_hours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
})

export const paymentQrResource = defineResource({
  name: 'PaymentQr',
  resource: 'payment-qrs',
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
    name: { type: String, required: true },
    usage: { type: String, enum: ['single_use', 'multiple_use'], default: 'single_use' },
    purpose: { type: String, default: 'UPI QR Payment' },
    close_by_hours: { type: Number, default: 24 },
  },
  indexes: paymentIndexes,
  input: paymentQrInput,
  immutable: ['amount', 'name', 'usage', 'close_by_hours', 'user_id'],
  workflow: paymentWorkflow,
  audit: true,
  trash: { retentionDays: 3650, legalHold: (record) => typeof record.provider_id === 'string' },
  search: ['name', 'bdm', 'description', 'provider_id'],
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
    'name',
    'usage',
    'bdm',
    'booking_id',
    'provider_id',
    'provider_url',
    'close_by_hours',
    'failure_reason',
    'user_id',
  ],
  admin: { navigation: 'Money', listProperties: ['name', 'amount', 'status', 'bdm', 'createdAt'] },
})
