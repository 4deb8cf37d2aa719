import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { checkDates, dateInput } from './dates.js'
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

// A quotation to a client (seed 2's `quotations`: client and lead, valid till; here also the deal it prices).
// Numbered QT/<year>/<n> on create; converted into a sales invoice by `POST /api/v1/quotations/:id/convert`.

export const quotationInput = z.strictObject({
  ...documentInput,
  client: recordId('client'),
  lead: recordId('lead').optional(),
  /** The deal it prices (deals arrive with the sales branch; checked when given). */
  deal: recordId('deal').optional(),
  issueDate: dateInput.optional(),
  validTill: dateInput,
})

export const quotationResource = defineResource({
  name: 'Quotation',
  resource: 'quotations',
  access: documentAccess('client'),
  label: ['number'],
  fields: {
    ...documentFields,
    number: String,
    client: referenceField({ required: true }),
    lead: referenceField(),
    deal: referenceField(),
    issueDate: { type: Date, default: () => new Date() },
    validTill: { type: Date, required: true },
    status: { type: String, required: true },
    convertedTo: { type: String, default: null },
  },
  indexes: [numberIndex, { fields: { deletedAt: 1, issueDate: -1, _id: -1 } }],
  input: quotationInput,
  // Listed under its client and shown in the client's activity timeline (after the parents merge).
  parents: [{ resource: 'clients', field: 'client' }],
  references: { client: { resource: 'clients' }, lead: { resource: 'leads' }, deal: { resource: 'deals' } },
  derived: documentDerived,
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'validTill')],
  internalFields: [...OWNED_INTERNAL, 'number'],
  assignOnCreate: numberOnCreate('QT', 'issueDate'),
  immutable: ['client'],
  frozen: offerFrozen,
  workflow: offerWorkflow,
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['number', 'notes'],
  filters: {
    number: 'string',
    status: 'string',
    client: 'id',
    lead: 'id',
    deal: 'id',
    ownerId: 'string',
    issueDate: 'date',
    total: 'number',
  },
  sortable: ['number', 'issueDate', 'validTill', 'total', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'number',
    'status',
    'issueDate',
    'validTill',
    'client',
    'currency',
    ...TOTAL_FIELDS,
    'ownerId',
  ],
  admin: { navigation: 'Billing', listProperties: ['number', 'client', 'status', 'total', 'validTill'] },
})
