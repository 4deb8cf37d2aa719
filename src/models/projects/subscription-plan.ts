import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { requiredText, text } from '../fields/text.js'
import { currencyCode, currencyField, paiseAmount } from './fields.js'

// The plans this company sells to its own clients (seed 2's `subscriptions` plans). Plain business data: the
// back office is one company's, not a multi-tenant platform, so nothing here limits our own users or logins.

export const PLAN_DURATIONS = ['monthly', 'yearly', 'lifetime'] as const
export const PLAN_STATUSES = ['active', 'inactive'] as const

const limit = z.number().int().min(0).max(1_000_000_000)

export const subscriptionPlanInput = z.strictObject({
  name: requiredText(100),
  price: paiseAmount,
  currency: currencyCode.optional(),
  duration: z.enum(PLAN_DURATIONS),
  trialDays: z.number().int().min(0).max(365).optional(),
  limits: z
    .strictObject({ maxUsers: limit.optional(), maxClients: limit.optional(), storageMb: limit.optional() })
    .optional(),
  features: z.array(text(100)).max(100).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
})

export const subscriptionPlanResource = defineResource({
  name: 'SubscriptionPlan',
  resource: 'subscription-plans',
  access: {
    owner: 'createdBy',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read', 'export'],
      bdm: ['read'],
    },
  },
  label: ['name'],
  fields: {
    name: { type: String, required: true, unique: true },
    price: { type: Number, required: true, min: 0 },
    currency: currencyField,
    duration: { type: String, enum: PLAN_DURATIONS, required: true },
    trialDays: { type: Number, default: 0, min: 0 },
    limits: {
      maxUsers: { type: Number, default: null },
      maxClients: { type: Number, default: null },
      storageMb: { type: Number, default: null },
    },
    features: { type: [String], default: [] },
    status: { type: String, enum: PLAN_STATUSES, default: 'active' },
  },
  input: subscriptionPlanInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name'],
  filters: { status: 'string', duration: 'string', name: 'string' },
  sortable: ['name', 'price', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'price', 'currency', 'duration', 'trialDays', 'status'],
  admin: { navigation: 'Settings', listProperties: ['name', 'price', 'currency', 'duration', 'status'] },
})
