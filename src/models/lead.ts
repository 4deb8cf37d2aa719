import { Schema } from 'mongoose'
import { z } from 'zod'
import type { FieldProblem } from '../errors.js'
import { normalisePhone } from '../leads/phone.js'
import { defineResource, type ResourceRecord } from './define-resource.js'
import { multilineText, requiredText, text } from './fields/text.js'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../access/vocabulary.js'

// The only place a Lead is declared: seed 2's Lead (title, first/last name, owner, status, source, company, address)
// with seed 1's website-form fields (`name`, `companyName`, `phoneNumber`, `email`, `location`, `service`,
// `message`), a status pipeline, an owner (`assignedTo`) and every submission kept as received.

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const
export const LEAD_SOURCES = ['website', 'email', 'manual', 'import'] as const

const userId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a user id')
const bookingId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a booking id')

/** Lower-cased; empty means none. */
const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.union([z.literal(''), z.email('must be an email address').max(254)]))
  .transform((value) => (value === '' ? null : value))

/** E.164 (Indian default, see phone.ts); empty means none. */
const phone = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(text(40))
  .transform((value, ctx) => {
    if (value === '') return null
    const normalised = normalisePhone(value)
    if (normalised === null) ctx.addIssue({ code: 'custom', message: 'must be a phone number' })
    return normalised
  })

const optionalDate = z.preprocess((value) => (value === '' ? null : value), z.coerce.date().nullable())

export const leadInput = z.strictObject({
  name: requiredText(200),
  leadTitle: text(200).optional(),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  companyName: text(200).optional(),
  email: email.nullable().optional(),
  phoneNumber: phone.nullable().optional(),
  website: text(300).optional(),
  location: text(200).optional(),
  address: multilineText(500).optional(),
  city: text(100).optional(),
  state: text(100).optional(),
  country: text(100).optional(),
  zipCode: text(20).optional(),
  category: text(100).optional(),
  service: text(200).optional(),
  message: multilineText(5000).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  assignedTo: userId.nullable().optional(),
  notes: multilineText(10_000).optional(),
  followUpAt: optionalDate.optional(),
})

/** A lead must be reachable: an email or a phone number. */
function check(record: ResourceRecord): FieldProblem[] {
  if (record.email || record.phoneNumber) return []
  return [
    { path: 'email', message: 'an email or a phone number is required' },
    { path: 'phoneNumber', message: 'an email or a phone number is required' },
  ]
}

const text0 = { type: String, default: '' }
const mixedList = { type: [Schema.Types.Mixed], default: [] }

export const LEAD_INTERNAL_FIELDS = [
  'submissions',
  'documents',
  'messageId',
  'mergedInto',
  'mergeId',
  'mergedFrom',
  'mergeIds',
  'provenance',
] as const

export const leadResource = defineResource({
  name: 'Lead',
  resource: 'leads',
  access: {
    owner: 'assignedTo',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read', 'create', 'update', 'trash', 'export', 'history'],
      // A bdm works the leads assigned to them; who gets a lead is decided above them.
      bdm: { actions: ['read', 'create', 'update', 'history'], scope: 'own', readonlyFields: ['assignedTo'] },
    },
    // The public lead form and the inbound-email hook only create leads.
    webhooks: { 'lead-form': ['create'], 'inbound-email': ['create'] },
  },
  fields: {
    name: { type: String, required: true },
    leadTitle: text0,
    firstName: text0,
    lastName: text0,
    companyName: text0,
    email: { type: String, default: null },
    phoneNumber: { type: String, default: null },
    website: text0,
    location: text0,
    address: text0,
    city: text0,
    state: text0,
    country: text0,
    zipCode: text0,
    category: text0,
    service: text0,
    message: text0,
    source: { type: String, enum: LEAD_SOURCES, default: 'manual' },
    status: { type: String, enum: LEAD_STATUSES },
    assignedTo: { type: String, default: null },
    notes: text0,
    followUpAt: { type: Date, default: null },
    bookingId: { type: String, default: null },
    // Internal: every submission as received ({ at, source, raw, fromLead?, mergeId? }), stored attachments and the
    // merge bookkeeping (lead-merge.ts).
    submissions: mixedList,
    documents: mixedList,
    messageId: { type: String, default: null },
    mergedInto: { type: String, default: null },
    mergeId: { type: String, default: null },
    mergedFrom: { type: [String], default: [] },
    mergeIds: { type: [String], default: [] },
    provenance: mixedList,
  },
  // The dedupe job pages through these in key order (leads/dedupe-scan.ts).
  indexes: [
    { fields: { email: 1, _id: 1 } },
    { fields: { phoneNumber: 1, _id: 1 } },
    { fields: { deletedAt: 1, createdAt: -1, _id: -1 } },
    { fields: { assignedTo: 1, createdAt: -1 } },
    { fields: { mergedInto: 1 } },
    { fields: { messageId: 1 } },
  ],
  input: leadInput,
  check,
  audit: true,
  trash: { retentionDays: 365 },
  internalFields: LEAD_INTERNAL_FIELDS,
  listDefaults: { mergedInto: null },
  search: ['name', 'companyName', 'email', 'phoneNumber', 'service', 'location', 'leadTitle'],
  searchIndex: true,
  filters: {
    status: 'string',
    source: 'string',
    assignedTo: 'string',
    service: 'string',
    city: 'string',
    state: 'string',
    email: 'string',
    phoneNumber: 'string',
    mergedInto: 'string',
    followUpAt: 'date',
    createdAt: 'date',
  },
  sortable: ['createdAt', 'updatedAt', 'name', 'status', 'followUpAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'createdAt',
    'name',
    'companyName',
    'email',
    'phoneNumber',
    'service',
    'location',
    'message',
    'source',
    'status',
    'assignedTo',
    'followUpAt',
    'bookingId',
  ],
  workflow: {
    field: 'status',
    initial: 'new',
    states: LEAD_STATUSES,
    fields: ['bookingId'],
    transitions: [
      { name: 'contact', from: ['new'], to: 'contacted' },
      { name: 'qualify', from: ['new', 'contacted'], to: 'qualified' },
      // Only the convert verb (leads/convert.ts) takes it, after creating the booking.
      {
        name: 'convert',
        from: ['new', 'contacted', 'qualified'],
        to: 'converted',
        internal: true,
        input: z.object({ bookingId }),
      },
      { name: 'lose', from: ['new', 'contacted', 'qualified'], to: 'lost', reasonRequired: true },
      { name: 'reopen', from: ['lost'], to: 'new' },
    ],
  },
  admin: {
    navigation: 'Sales',
    listProperties: ['name', 'companyName', 'status', 'source', 'assignedTo', 'createdAt'],
  },
})
