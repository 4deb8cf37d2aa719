import type { Connection, Model } from 'mongoose'
import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { dateInput, endAfterStart } from './fields.js'

// A client's subscription to one of our plans (seed 2's ClientSubscription). It belongs to whoever owns the client
// (`ownerFrom`). At most one live (trial or active) subscription per client, as seed 2's `/assign` enforced.

export const CLIENT_SUBSCRIPTION_STATUSES = ['trial', 'active', 'expired', 'cancelled'] as const
export const SUBSCRIPTION_PAYMENT_STATUSES = ['pending', 'completed', 'failed'] as const
const LIVE = ['trial', 'active']

export const clientSubscriptionInput = z.strictObject({
  client: recordId('client'),
  plan: recordId('subscription plan'),
  startDate: dateInput,
  endDate: dateInput.nullable().optional(),
  status: z.enum(CLIENT_SUBSCRIPTION_STATUSES).optional(),
  paymentStatus: z.enum(SUBSCRIPTION_PAYMENT_STATUSES).optional(),
  lastPaymentDate: dateInput.nullable().optional(),
})

function check(record: ResourceRecord): FieldProblem[] {
  return endAfterStart(record, 'startDate', 'endDate')
}

async function oneLivePerClient(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  if (!LIVE.includes(String(record.status))) return []
  const model = connection.models.ClientSubscription as Model<ResourceRecord>
  const other = await model.exists({
    client: record.client,
    status: { $in: LIVE },
    _id: { $ne: record._id },
    deletedAt: null,
  })
  return other ? [{ path: 'status', message: 'the client already has a live (trial or active) subscription' }] : []
}

export const clientSubscriptionResource = defineResource({
  name: 'ClientSubscription',
  resource: 'client-subscriptions',
  access: {
    owner: 'ownerId',
    ownerFrom: 'client',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read', 'create', 'update', 'export', 'history'],
      bdm: { actions: ['read', 'history'], scope: 'own' },
    },
  },
  fields: {
    client: referenceField({ required: true }),
    plan: referenceField({ required: true }),
    startDate: { type: Date, required: true },
    endDate: { type: Date, default: null },
    status: { type: String, enum: CLIENT_SUBSCRIPTION_STATUSES, default: 'trial' },
    paymentStatus: { type: String, enum: SUBSCRIPTION_PAYMENT_STATUSES, default: 'pending' },
    lastPaymentDate: { type: Date, default: null },
    ownerId: { type: String, index: true, default: null },
  },
  input: clientSubscriptionInput,
  check,
  verify: oneLivePerClient,
  internalFields: ['ownerId'],
  audit: true,
  trash: { retentionDays: 365 },
  references: { client: { resource: 'clients' }, plan: { resource: 'subscription-plans' } },
  parents: [{ resource: 'clients', field: 'client', path: 'subscriptions' }],
  search: ['status'],
  filters: { client: 'id', plan: 'id', status: 'string', paymentStatus: 'string', endDate: 'date' },
  sortable: ['startDate', 'endDate', 'createdAt'],
  defaultSort: '-startDate',
  exportColumns: ['_id', 'client', 'plan', 'startDate', 'endDate', 'status', 'paymentStatus', 'lastPaymentDate'],
  admin: { navigation: 'Settings', listProperties: ['client', 'plan', 'status', 'paymentStatus', 'endDate'] },
})
