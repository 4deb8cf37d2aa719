import { z } from 'zod'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { text } from '../fields/text.js'
import type { WorkflowOptions } from '../workflow.js'
import { checkDates, dateInput } from './dates.js'
import { OWNED_INTERNAL, documentAccess, documentInput, numberIndex } from './document-shape.js'
import { HOLDS_FIELD, holdsField } from './settlement-holds.js'
import { ISSUE_CLAIM_FIELD, issueClaimField } from './issue-claim.js'
import { checkLines, documentFields, documentTotals, TOTAL_FIELDS } from './line-items.js'

// A sales invoice to a client (seed 2's `sales-invoices`). A draft is edited freely and has no number; `issue`
// (src/billing/issue.ts) gives it the next SI/<year>/<n>, so issued numbers run without gaps as GST wants, and
// freezes it: from then on only credit notes correct it and a full credit note voids it. Its paid, credited and
// outstanding amounts and its status follow its receipts (sales-revenue) and credit notes (src/billing/settle.ts).

export const SALES_INVOICE_STATES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const

/** The amounts settlement writes; outstanding is also derived while the invoice is a draft. */
export const SETTLEMENT_FIELDS = ['paidAmount', 'creditedAmount', 'outstanding'] as const

export const salesInvoiceInput = z.strictObject({
  ...documentInput,
  client: recordId('client'),
  issueDate: dateInput.optional(),
  dueDate: dateInput,
  category: text(100).optional(),
})

const workflow: WorkflowOptions = {
  field: 'status',
  initial: 'draft',
  states: SALES_INVOICE_STATES,
  fields: ['number', 'issuedAt'],
  transitions: [
    {
      name: 'issue',
      from: ['draft'],
      to: 'issued',
      internal: true,
      input: z.object({ number: z.string(), issuedAt: z.date() }),
    },
  ],
}

function derive(record: ResourceRecord): ResourceRecord {
  const totals = documentTotals(record)
  const settled = Number(record.paidAmount ?? 0) + Number(record.creditedAmount ?? 0)
  return { ...totals, outstanding: totals.total - settled }
}

export const salesInvoiceResource = defineResource({
  name: 'SalesInvoice',
  resource: 'sales-invoices',
  access: documentAccess('client'),
  label: ['number'],
  fields: {
    ...documentFields,
    number: { type: String, default: null },
    issuedAt: { type: Date, default: null },
    client: referenceField({ required: true }),
    issueDate: { type: Date, default: () => new Date() },
    dueDate: { type: Date, required: true },
    category: { type: String, default: '' },
    status: { type: String, required: true },
    paidAmount: { type: Number, default: 0 },
    creditedAmount: { type: Number, default: 0 },
    outstanding: { type: Number, default: 0 },
    /** The quotation, estimate or sales quotation this invoice was converted from. */
    sourceResource: { type: String, default: null },
    sourceId: { type: String, default: null },
    /** Amounts receipts and credit notes being written hold on it (settlement-holds.ts); never read or audited. */
    settlementHolds: holdsField,
    /** The claim of the issue under way (issue-claim.ts); never read or audited. */
    issueClaim: issueClaimField,
  },
  indexes: [
    numberIndex,
    { fields: { deletedAt: 1, issueDate: -1, _id: -1 } },
    { fields: { deletedAt: 1, ownerId: 1, issueDate: -1, _id: -1 } },
  ],
  input: salesInvoiceInput,
  // Listed under its client and shown in the client's activity timeline (after the parents merge).
  parents: [{ resource: 'clients', field: 'client' }],
  references: { client: { resource: 'clients' } },
  derived: { fields: [...TOTAL_FIELDS, 'outstanding'], compute: derive },
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'dueDate')],
  internalFields: [
    ...OWNED_INTERNAL,
    'status',
    ...SETTLEMENT_FIELDS,
    'sourceResource',
    'sourceId',
    HOLDS_FIELD,
    ISSUE_CLAIM_FIELD,
  ],
  immutable: ['client'],
  frozen: (record) =>
    record.status === 'draft' ? null : 'An issued invoice cannot change; correct it with a credit note',
  workflow,
  audit: true,
  // Issued invoices are tax records: kept for the statutory years, never purged.
  trash: { retentionDays: 3650, legalHold: (record) => record.status !== 'draft' },
  search: ['number', 'category', 'notes'],
  filters: {
    number: 'string',
    status: 'string',
    client: 'id',
    category: 'string',
    ownerId: 'string',
    issueDate: 'date',
    dueDate: 'date',
    total: 'number',
    outstanding: 'number',
  },
  sortable: ['number', 'issueDate', 'dueDate', 'total', 'outstanding', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'number',
    'status',
    'issueDate',
    'dueDate',
    'client',
    'category',
    'currency',
    ...TOTAL_FIELDS,
    ...SETTLEMENT_FIELDS,
    'ownerId',
  ],
  admin: { navigation: 'Billing', listProperties: ['number', 'client', 'status', 'total', 'outstanding', 'dueDate'] },
})
