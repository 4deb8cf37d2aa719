import { z } from 'zod'
import { CLIENT_OWNED } from './settings-access.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { requiredText, text } from '../fields/text.js'
import { verifyDeal } from './deal-rules.js'
import { DEFAULT_CURRENCY, currencyCode, paise } from './money.js'

// Deals (seed 2's `deals`: leadTitle, dealName, pipeline, stage, currency, price, closedDate, category, project): a
// sale in progress for a client or a lead, on a pipeline's board. Seed 2 served them public and writable; here a deal
// belongs to whoever owns its client (`ownerFrom`), or to its creator when it only names a lead, and a bdm sees and
// works only their own deals.
//
// The state is a workflow: `open` → `win` → `won`, `open` → `lose` (reason required, kept in `lostReason`) → `lost`.
// Moving between stages is the transition `move`, from `open` to `open` with the new stage as its input: one audited
// write like any transition, conditioned on the deal still being open, its stage checked like a create's (it must
// exist and belong to the deal's pipeline). Stage and pipeline are therefore immutable to a plain update.

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const

const closedAt = z.object({ closedAt: z.coerce.date().default(() => new Date()) })

export const dealInput = z.strictObject({
  title: requiredText(200),
  client: recordId('client').optional(),
  lead: recordId('lead').optional(),
  pipeline: recordId('pipeline'),
  stage: recordId('stage'),
  value: paise,
  currency: currencyCode.optional(),
  expectedCloseDate: z.coerce.date({ error: 'must be a date' }).optional(),
  category: text(100).optional(),
  labels: z.array(recordId('label')).max(20).optional(),
  /** The bdm working the deal; taken from the client when there is one, else the creator. */
  ownerId: recordId('user').optional(),
})

/** A deal is for someone: a client, a lead, or both (a lead's deal keeps its lead when the client is created). */
function check(record: ResourceRecord): FieldProblem[] {
  if (record.client || record.lead) return []
  const message = 'a client or a lead is required'
  return [
    { path: 'client', message },
    { path: 'lead', message },
  ]
}

export const dealResource = defineResource({
  name: 'Deal',
  resource: 'deals',
  access: CLIENT_OWNED,
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    client: referenceField(),
    lead: referenceField(),
    pipeline: referenceField({ required: true }),
    stage: referenceField({ required: true }),
    value: { type: Number, required: true, min: 0 },
    currency: { type: String, default: DEFAULT_CURRENCY },
    expectedCloseDate: { type: Date, default: null },
    category: { type: String, default: '' },
    labels: referenceListField(),
    ownerId: { type: String, index: true },
    status: { type: String, enum: DEAL_STATUSES },
    closedAt: { type: Date, default: null },
    lostReason: { type: String, default: '' },
  },
  indexes: [{ fields: { pipeline: 1, stage: 1, status: 1 } }, { fields: { pipeline: 1, status: 1, closedAt: 1 } }],
  input: dealInput,
  check,
  verify: verifyDeal,
  immutable: ['pipeline', 'stage'],
  references: {
    client: { resource: 'clients' },
    lead: { resource: 'leads' },
    pipeline: { resource: 'pipelines' },
    stage: { resource: 'stages' },
    currency: { resource: 'currencies', key: 'code' },
    labels: { resource: 'labels', many: true },
  },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'category'],
  filters: {
    status: 'string',
    client: 'id',
    lead: 'id',
    pipeline: 'id',
    stage: 'id',
    labels: 'id',
    ownerId: 'string',
    currency: 'string',
    category: 'string',
    value: 'number',
    expectedCloseDate: 'date',
    closedAt: 'date',
    createdAt: 'date',
  },
  sortable: ['createdAt', 'updatedAt', 'title', 'value', 'expectedCloseDate', 'closedAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'title',
    'client',
    'lead',
    'pipeline',
    'stage',
    'status',
    'value',
    'currency',
    'expectedCloseDate',
    'closedAt',
    'lostReason',
    'category',
    'ownerId',
    'createdAt',
  ],
  workflow: {
    field: 'status',
    initial: 'open',
    states: DEAL_STATUSES,
    fields: ['closedAt', 'lostReason'],
    transitions: [
      { name: 'move', from: ['open'], to: 'open', input: z.object({ stage: recordId('stage') }) },
      { name: 'win', from: ['open'], to: 'won', input: closedAt },
      { name: 'lose', from: ['open'], to: 'lost', reasonRequired: true, reasonField: 'lostReason', input: closedAt },
    ],
  },
  events: [
    {
      name: 'deal.won',
      on: { transition: 'win' },
      recipients: (deal) => (typeof deal.ownerId === 'string' ? [deal.ownerId] : []),
      message: (deal) => `Deal won: ${String(deal.title)}`,
    },
  ],
  admin: { navigation: 'Sales', listProperties: ['title', 'client', 'stage', 'status', 'value', 'ownerId'] },
})
