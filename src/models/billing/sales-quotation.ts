import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { text } from '../fields/text.js'
import { dateInput } from './dates.js'
import {
  OWNED_INTERNAL,
  documentAccess,
  documentInput,
  numberIndex,
  numberOnCreate,
  offerFrozen,
  offerWorkflow,
} from './document-shape.js'
import { checkLines, documentDerived, documentFields, TOTAL_FIELDS } from './line-items.js'

// Seed 2's `sales-quotations` (customer, issue date, category). Its `customer` is a client here, named `client` like
// on every other document so conversion and ownership work the same way. Numbered SQ/<year>/<n>.

export const salesQuotationInput = z.strictObject({
  ...documentInput,
  client: recordId('client'),
  issueDate: dateInput.optional(),
  category: text(100).optional(),
})

export const salesQuotationResource = defineResource({
  name: 'SalesQuotation',
  resource: 'sales-quotations',
  access: documentAccess('client'),
  label: ['number'],
  fields: {
    ...documentFields,
    number: String,
    client: referenceField({ required: true }),
    issueDate: { type: Date, default: () => new Date() },
    category: { type: String, default: '' },
    status: { type: String, required: true },
    convertedTo: { type: String, default: null },
  },
  indexes: [numberIndex, { fields: { deletedAt: 1, issueDate: -1, _id: -1 } }],
  input: salesQuotationInput,
  // Listed under its client and shown in the client's activity timeline (after the parents merge).
  parents: [{ resource: 'clients', field: 'client' }],
  references: { client: { resource: 'clients' } },
  derived: documentDerived,
  check: checkLines,
  internalFields: [...OWNED_INTERNAL, 'number'],
  assignOnCreate: numberOnCreate('SQ', 'issueDate'),
  immutable: ['client'],
  frozen: offerFrozen,
  workflow: offerWorkflow,
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['number', 'category', 'notes'],
  filters: {
    number: 'string',
    status: 'string',
    client: 'id',
    category: 'string',
    ownerId: 'string',
    issueDate: 'date',
    total: 'number',
  },
  sortable: ['number', 'issueDate', 'total', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['_id', 'number', 'status', 'issueDate', 'client', 'category', 'currency', ...TOTAL_FIELDS],
  admin: { navigation: 'Billing', listProperties: ['number', 'client', 'category', 'status', 'total'] },
})
