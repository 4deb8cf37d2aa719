import { z } from 'zod'
import { gstMode, invoiceTotals, type InvoiceLine } from '../invoices/gst.js'
import { multilineText, requiredText, text } from './fields/text.js'
import { defineResource, type ResourceRecord } from './define-resource.js'
import { ALL_ACTIONS } from '../access/vocabulary.js'
import { MONEY_OPERATE, MONEY_SELL } from './payment-fields.js'
import { CREDIT_LEDGER_FIELD, creditLedgerField } from '../invoices/credit-ledger.js'

// Invoices: seed 1's /invoice and crm-production's proforma and tax invoices, plus credit notes. Lines are quantity
// × rate in paise; subtotal, GST split and total are derived on every write, never taken from the client. The
// number is given by the server (src/invoices/numbering.ts) per series and financial year. A tax invoice or credit
// note is immutable once issued: corrections go through a credit note.

export const INVOICE_KINDS = ['proforma', 'tax', 'credit_note'] as const
export const GST_RATES = [0, 5, 12, 18, 28] as const
const GSTIN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/
const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/i, `must be a ${what} id`)

const line = z.strictObject({
  description: requiredText(300),
  quantity: z.number({ error: 'must be a number' }).positive('must be positive').max(1e6),
  rate: z.number({ error: 'must be a number of paise' }).int('must be whole paise').min(0).max(1e11),
})

export const invoiceInput = z.strictObject({
  kind: z.enum(INVOICE_KINDS),
  user_id: objectId('user').optional(),
  booking_id: objectId('booking').nullable().optional(),
  credit_for: objectId('invoice').nullable().optional(),
  date: z.coerce.date().optional(),
  client_company_name: requiredText(200),
  client_name: text(200).optional(),
  client_email: z
    .union([z.literal(''), z.string().trim().toLowerCase().pipe(z.email('must be an email address'))])
    .optional(),
  client_phone: text(30).optional(),
  client_gstin: z
    .union([z.literal(''), z.string().trim().toUpperCase().regex(GSTIN, 'must be a 15-character GSTIN')])
    .optional(),
  client_address: multilineText(500).optional(),
  client_city: text(100).optional(),
  client_state: text(100).optional(),
  client_postcode: text(12).optional(),
  items: z.array(line).min(1, 'must hold at least one line').max(200),
  include_gst: z.boolean().optional(),
  gst_rate: z
    .number()
    .refine((rate) => (GST_RATES as readonly number[]).includes(rate), `must be one of ${GST_RATES.join(', ')}`)
    .optional(),
  notes: multilineText(2000).optional(),
  /** Set by the server (numbering); a value sent by a client is replaced. */
  number: text(40).optional(),
  financial_year: text(7).optional(),
  seller_state: text(100).optional(),
})

const TOTAL_FIELDS = ['subtotal', 'gst_mode', 'cgst', 'sgst', 'igst', 'gst_total', 'total'] as const

function derive(record: ResourceRecord): ResourceRecord {
  const items = (Array.isArray(record.items) ? record.items : []) as InvoiceLine[]
  const rate = typeof record.gst_rate === 'number' ? record.gst_rate : 18
  const state = (value: unknown) => (typeof value === 'string' ? value : '')
  const mode = gstMode(record.include_gst !== false, rate, state(record.seller_state), state(record.client_state))
  return { ...invoiceTotals(items, mode, rate) }
}

export const invoiceResource = defineResource({
  name: 'Invoice',
  resource: 'invoices',
  access: {
    owner: 'user_id',
    defaults: {
      srdev: ALL_ACTIONS,
      // Proformas may be withdrawn; issued tax invoices are frozen (the engine refuses to trash them).
      dev: [{ actions: MONEY_OPERATE }, { actions: ['trash', 'restore'] }],
      'senior admin': [{ actions: MONEY_OPERATE }, { actions: ['trash', 'restore'] }],
      admin: MONEY_SELL,
      bdm: { actions: MONEY_SELL, scope: 'own' },
    },
  },
  fields: {
    kind: { type: String, enum: INVOICE_KINDS, required: true },
    number: { type: String, required: true },
    financial_year: { type: String, required: true },
    seller_state: { type: String, default: '' },
    user_id: { type: String, required: true },
    booking_id: { type: String, default: null },
    credit_for: { type: String, default: null },
    date: { type: Date, default: () => new Date() },
    client_company_name: { type: String, required: true },
    client_name: { type: String, default: '' },
    client_email: { type: String, default: '' },
    client_phone: { type: String, default: '' },
    client_gstin: { type: String, default: '' },
    client_address: { type: String, default: '' },
    client_city: { type: String, default: '' },
    client_state: { type: String, default: '' },
    client_postcode: { type: String, default: '' },
    items: { type: [{ _id: false, description: String, quantity: Number, rate: Number }], required: true },
    include_gst: { type: Boolean, default: true },
    gst_rate: { type: Number, default: 18 },
    notes: { type: String, default: '' },
    subtotal: { type: Number, default: 0 },
    gst_mode: { type: String, enum: ['intra', 'inter', 'none'], default: 'none' },
    cgst: { type: Number, default: 0 },
    sgst: { type: Number, default: 0 },
    igst: { type: Number, default: 0 },
    gst_total: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    /** A tax invoice's credit notes and their totals (credit-ledger.ts); never read or audited. */
    creditLedger: creditLedgerField,
  },
  internalFields: [CREDIT_LEDGER_FIELD],
  indexes: [
    { fields: { number: 1 }, options: { unique: true } },
    { fields: { deletedAt: 1, createdAt: -1, _id: -1 } },
    { fields: { deletedAt: 1, user_id: 1, createdAt: -1, _id: -1 } },
    { fields: { credit_for: 1 } },
  ],
  input: invoiceInput,
  derived: { fields: [...TOTAL_FIELDS], compute: derive },
  immutable: ['kind', 'number', 'financial_year', 'seller_state', 'credit_for', 'user_id'],
  frozen: (record) =>
    record.kind === 'proforma' ? null : 'An issued tax invoice or credit note cannot change; issue a credit note',
  audit: true,
  trash: { retentionDays: 3650, legalHold: (record) => record.kind !== 'proforma' },
  search: ['number', 'client_company_name', 'client_name', 'client_email', 'client_gstin'],
  filters: {
    kind: 'string',
    number: 'string',
    financial_year: 'string',
    user_id: 'string',
    booking_id: 'string',
    credit_for: 'string',
    client_state: 'string',
    gst_mode: 'string',
    total: 'number',
    date: 'date',
    createdAt: 'date',
  },
  sortable: ['date', 'createdAt', 'number', 'total', 'client_company_name'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'number',
    'kind',
    'date',
    'financial_year',
    'client_company_name',
    'client_name',
    'client_email',
    'client_gstin',
    'client_state',
    'subtotal',
    'gst_mode',
    'cgst',
    'sgst',
    'igst',
    'gst_total',
    'total',
    'credit_for',
    'booking_id',
    'user_id',
  ],
  admin: { navigation: 'Money', listProperties: ['number', 'kind', 'client_company_name', 'total', 'date'] },
})
