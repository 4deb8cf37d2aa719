import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, text } from '../fields/text.js'
import { FROM_PROJECT_MEMBERS, projectTeamDefaults } from './access.js'
import { currencyCode, currencyField, dateInput, paiseAmount, storedFileField } from './fields.js'

// Money a client paid against a project's sales invoice (seed 2's `payments`, amount a STRING, transaction id an
// INT). Served at /api/v1/project-payments: /api/v1/payments stays free for Razorpay payment links (seed 1's
// `/payments` frontends). The sales invoice comes from the billing resources (`sales-invoices`).

export const PROJECT_PAYMENT_METHODS = ['bank_transfer', 'upi', 'card', 'cheque', 'cash', 'razorpay', 'other'] as const

export const projectPaymentInput = z.strictObject({
  project: recordId('project'),
  salesInvoice: recordId('sales invoice').nullable().optional(),
  paidOn: dateInput,
  amount: paiseAmount.min(1, 'must be at least 1 paisa'),
  currency: currencyCode.optional(),
  transactionId: text(100).optional(),
  method: z.enum(PROJECT_PAYMENT_METHODS),
  remark: multilineText(2000).optional(),
})

export const projectPaymentResource = defineResource({
  name: 'ProjectPayment',
  resource: 'project-payments',
  access: { ...FROM_PROJECT_MEMBERS, defaults: projectTeamDefaults(['read', 'history']) },
  label: ['transactionId'],
  fields: {
    project: referenceField({ required: true }),
    salesInvoice: referenceField(),
    paidOn: { type: Date, required: true },
    amount: { type: Number, required: true, min: 1 },
    currency: currencyField,
    transactionId: { type: String, default: '' },
    method: { type: String, enum: PROJECT_PAYMENT_METHODS, required: true },
    remark: { type: String, default: '' },
    receipt: storedFileField,
    memberIds: referenceListField(),
  },
  input: projectPaymentInput,
  internalFields: ['receipt', 'memberIds'],
  audit: true,
  // Money received is kept for the books.
  trash: { retentionDays: 3650 },
  references: {
    project: { resource: 'projects', onDestroy: 'cascade' },
    salesInvoice: { resource: 'sales-invoices' },
  },
  parents: [{ resource: 'projects', field: 'project', path: 'payments' }],
  search: ['transactionId', 'remark'],
  filters: { project: 'id', salesInvoice: 'id', method: 'string', paidOn: 'date' },
  sortable: ['paidOn', 'amount', 'createdAt'],
  defaultSort: '-paidOn',
  exportColumns: ['_id', 'project', 'salesInvoice', 'paidOn', 'amount', 'currency', 'method', 'transactionId'],
  admin: {
    navigation: 'Projects',
    listProperties: ['project', 'paidOn', 'amount', 'currency', 'method', 'transactionId'],
    documents: ['receipt'],
  },
})
