import { z } from 'zod'
import type { FieldProblem } from '../errors.js'
import { defineResource, type ResourceRecord } from './define-resource.js'
import { multilineText, requiredText, text } from './fields/text.js'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../access/vocabulary.js'

// The only place a Booking is declared: seed 1's fields (shared/reference/seed-systems.md §2.4), with the
// validation a real office needs.

export const BOOKING_STATUSES = ['Pending', 'In Progress', 'Completed'] as const
const PAN = /^[A-Z]{5}[0-9]{4}[A-Z]$/
const GSTIN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/

/** Amounts in rupees; the seed frontends send numbers or numeric strings, and null for unused terms (= 0). */
const amount = z.coerce.number().nonnegative('must not be negative').max(1e12)
/** An empty string from a form means "no date". */
const DATE_MESSAGE = 'must be a date such as 2025-11-01'
/** A required date: coercing would turn null into 1970-01-01, so null and '' are "missing" and refused. */
const requiredDate = z.preprocess(
  (value) => (value === null || value === '' ? undefined : value),
  z.coerce.date(DATE_MESSAGE),
)
const optionalDate = z.preprocess((value) => (value === '' ? null : value), z.coerce.date(DATE_MESSAGE).nullable())
const stringOrNumber = z.union([z.string(), z.number()]).transform(String)

export const bookingInput = z.strictObject({
  user_id: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a user id')
    .optional(),
  // Derived from the owner user's name on every write (ownerName below); a privileged role may set it with user_id.
  bdm: text(100).optional(),
  branch_name: requiredText(100),
  company_name: text(200).optional(),
  contact_person: requiredText(200),
  email: text(254).pipe(z.string().toLowerCase().pipe(z.email('must be an email address'))),
  contact_no: stringOrNumber.pipe(text(40).pipe(z.string().regex(/^\+?[0-9][0-9 -]{5,18}$/, 'must be a phone number'))),
  services: z.array(requiredText(200)).min(1, 'must name at least one service').max(50),
  total_amount: amount,
  term_1: amount.optional(),
  term_2: amount.optional(),
  term_3: amount.optional(),
  payment_date: optionalDate.optional(),
  date: requiredDate,
  pan: z
    .union([z.literal(''), text(50).pipe(z.string().toUpperCase().regex(PAN, 'must look like AAAAA9999A'))])
    .optional(),
  gst: z
    .union([
      z.literal(''),
      z.literal('N/A'),
      text(50).pipe(z.string().toUpperCase().regex(GSTIN, 'must be a 15-character GSTIN')),
    ])
    .optional(),
  bank: text(100).optional(),
  state: requiredText(100),
  status: z.enum(BOOKING_STATUSES).optional(),
  remark: multilineText(2000).optional(),
  closed_by: text(200).optional(),
  after_disbursement: stringOrNumber.pipe(text(500)).optional(),
})

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function receivedOf(record: ResourceRecord): number {
  return numberOf(record.term_1) + numberOf(record.term_2) + numberOf(record.term_3)
}

function derive(record: ResourceRecord): ResourceRecord {
  const received = receivedOf(record)
  return { received_amount: received, pending_amount: Math.max(0, numberOf(record.total_amount) - received) }
}

function check(record: ResourceRecord): FieldProblem[] {
  if (receivedOf(record) <= numberOf(record.total_amount)) return []
  return [{ path: 'received_amount', message: 'term_1 + term_2 + term_3 must not exceed total_amount' }]
}

/**
 * Every filter of seed 1's filter route, behind `deletedAt` (every normal read is `deletedAt: null`) and ending with
 * `_id`, the tie-breaker every list sorts by, so a filtered, sorted page is read from the index without a sort.
 */
const indexes = [
  { fields: { deletedAt: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, status: 1, date: -1, _id: -1 } },
  { fields: { deletedAt: 1, status: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, date: -1, _id: -1 } },
  { fields: { deletedAt: 1, payment_date: -1, _id: -1 } },
  { fields: { deletedAt: 1, services: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, bdm: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, bank: 1, createdAt: -1, _id: -1 } },
  { fields: { deletedAt: 1, user_id: 1, createdAt: -1, _id: -1 } },
  { fields: { status: 1, date: -1, _id: -1 } },
] as const

export const bookingResource = defineResource({
  name: 'Booking',
  resource: 'bookings',
  access: {
    owner: 'user_id',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ['read', 'create', 'update', 'trash', 'export', 'history'],
      'senior admin': ALL_BUT_DESTROY,
      admin: { actions: ['read', 'create', 'update', 'export', 'history'], readonlyFields: ['services'] },
      bdm: { actions: ['read', 'create'], scope: 'own' },
    },
    // Razorpay records receipts on the booking a payment belongs to.
    webhooks: { razorpay: ['read', 'update'] },
  },
  fields: {
    user_id: { type: String, required: true },
    bdm: { type: String, required: true },
    branch_name: { type: String, required: true },
    company_name: { type: String, default: '' },
    contact_person: { type: String, required: true },
    email: { type: String, required: true },
    contact_no: { type: String, required: true },
    services: { type: [String], required: true },
    total_amount: { type: Number, required: true, min: 0 },
    term_1: { type: Number, default: 0, min: 0 },
    term_2: { type: Number, default: 0, min: 0 },
    term_3: { type: Number, default: 0, min: 0 },
    received_amount: { type: Number, default: 0, min: 0 },
    pending_amount: { type: Number, default: 0, min: 0 },
    payment_date: { type: Date, default: null },
    date: { type: Date, required: true },
    pan: { type: String, default: '' },
    gst: { type: String, default: 'N/A' },
    bank: { type: String, default: '' },
    state: { type: String, required: true },
    status: { type: String, enum: BOOKING_STATUSES, default: 'Pending' },
    remark: { type: String, default: '' },
    closed_by: { type: String, default: '' },
    after_disbursement: { type: String, default: '' },
    // The lead this booking was converted from (leads/convert.ts); set by server code only.
    lead_id: { type: String, default: null },
  },
  internalFields: ['lead_id'],
  indexes,
  input: bookingInput,
  derived: { fields: ['received_amount', 'pending_amount'], compute: derive },
  check,
  ownerName: 'bdm',
  audit: true,
  trash: { retentionDays: 90, legalHold: (record) => receivedOf(record) > 0 },
  search: ['company_name', 'contact_person', 'email', 'contact_no', 'pan', 'gst', 'services', 'bdm'],
  searchIndex: true,
  filters: {
    user_id: 'string',
    bdm: 'string',
    branch_name: 'string',
    company_name: 'string',
    services: 'string',
    status: 'string',
    bank: 'string',
    state: 'string',
    closed_by: 'string',
    total_amount: 'number',
    received_amount: 'number',
    pending_amount: 'number',
    date: 'date',
    payment_date: 'date',
    createdAt: 'date',
    updatedAt: 'date',
  },
  sortable: [
    'date',
    'payment_date',
    'createdAt',
    'updatedAt',
    'total_amount',
    'received_amount',
    'pending_amount',
    'company_name',
    'status',
    'bdm',
  ],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'date',
    'company_name',
    'contact_person',
    'email',
    'contact_no',
    'services',
    'total_amount',
    'term_1',
    'term_2',
    'term_3',
    'received_amount',
    'pending_amount',
    'payment_date',
    'bank',
    'status',
    'bdm',
    'branch_name',
    'state',
    'pan',
    'gst',
    'closed_by',
    'remark',
    'after_disbursement',
    'user_id',
    'createdAt',
  ],
  admin: { navigation: 'Sales', listProperties: ['company_name', 'contact_person', 'status', 'date', 'total_amount'] },
})
