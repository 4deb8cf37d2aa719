import { z } from 'zod'
import type { Connection } from 'mongoose'
import type { FieldProblem } from '../../errors.js'
import { storedFileField } from '../../storage/stored-file-field.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { dateInput } from './dates.js'
import { documentAccess } from './document-shape.js'
import { acceptsSettlement, invoiceBalance, paise } from './invoice-balance.js'
import { currencyCode } from './line-items.js'
import { holdOnCreate } from './settlement-holds.js'

// A receipt against an issued sales invoice (seed 2's `sales-revenue`: amount, date, account, payment receipt).
// Seed 2 stored any amount as text; here it is integer paise in the invoice's currency and never more than the
// invoice has outstanding (409 naming `amount`). Every write settles the invoice (src/billing/settle.ts). Served
// at /api/v1/sales-revenue and, after the parents merge, under /api/v1/sales-invoices/:id/sales-revenue.

export const RECEIPT_METHODS = ['bank_transfer', 'upi', 'cash', 'cheque', 'card', 'razorpay', 'other'] as const

export const salesRevenueInput = z.strictObject({
  invoice: recordId('sales invoice'),
  amount: z
    .number({ error: 'must be a number of paise' })
    .int('must be whole paise')
    .min(1, 'must be at least 1 paisa')
    .max(1e11, 'is too large'),
  currency: currencyCode.optional(),
  date: dateInput.optional(),
  /** The account the money arrived in (a bank account's name). */
  account: requiredText(200),
  method: z.enum(RECEIPT_METHODS),
  /** The receipt's reference (UTR, cheque number, receipt number); the scan itself is `receiptDocument`. */
  receipt: text(200).optional(),
  category: text(100).optional(),
  description: multilineText(1000).optional(),
})

async function verifyReceipt(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  const balance = await invoiceBalance(connection, record.invoice, record._id)
  if (!balance) return []
  if (!acceptsSettlement(balance.invoice)) {
    return [{ path: 'invoice', message: `is ${String(balance.invoice.status)}; only an issued invoice takes receipts` }]
  }
  if (record.currency !== balance.invoice.currency) {
    return [{ path: 'currency', message: `must be the invoice's currency ${String(balance.invoice.currency)}` }]
  }
  const amount = Number(record.amount ?? 0)
  if (amount > balance.outstanding) {
    return [
      { path: 'amount', message: `${paise(amount)} exceeds the invoice's outstanding ${paise(balance.outstanding)}` },
    ]
  }
  return []
}

export const salesRevenueResource = defineResource({
  name: 'SalesRevenue',
  resource: 'sales-revenue',
  access: documentAccess('invoice'),
  label: ['receipt', 'account'],
  fields: {
    invoice: referenceField({ required: true }),
    client: referenceField(),
    amount: { type: Number, required: true, min: 1 },
    currency: { type: String, default: 'INR' },
    date: { type: Date, default: () => new Date() },
    account: { type: String, required: true },
    method: { type: String, required: true },
    receipt: { type: String, default: '' },
    category: { type: String, default: '' },
    description: { type: String, default: '' },
    ownerId: { type: String, index: true },
    /** The receipt document itself (a scan, a bank advice), uploaded at `PUT /:id/document`. */
    receiptDocument: { type: storedFileField, default: null },
  },
  indexes: [
    { fields: { deletedAt: 1, date: -1, _id: -1 } },
    // billing.reconcile looks up the invoices of recently changed receipts and credit notes.
    { fields: { updatedAt: 1 } },
  ],
  input: salesRevenueInput,
  references: { invoice: { resource: 'sales-invoices' }, client: { resource: 'clients' } },
  parents: [{ resource: 'sales-invoices', field: 'invoice' }],
  verify: verifyReceipt,
  // The atomic check against receipts written at the same moment (verify above reads, then the write follows).
  assignOnCreate: holdOnCreate('amount'),
  internalFields: ['client', 'ownerId', 'receiptDocument'],
  immutable: ['invoice', 'currency'],
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['receipt', 'account', 'description'],
  filters: {
    invoice: 'id',
    client: 'id',
    method: 'string',
    account: 'string',
    ownerId: 'string',
    date: 'date',
    amount: 'number',
  },
  sortable: ['date', 'amount', 'createdAt'],
  defaultSort: '-date',
  exportColumns: ['_id', 'date', 'invoice', 'client', 'amount', 'currency', 'account', 'method', 'receipt', 'ownerId'],
  admin: { navigation: 'Billing', listProperties: ['date', 'invoice', 'amount', 'method', 'account'] },
})
