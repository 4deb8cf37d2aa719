import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { text } from '../fields/text.js'
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

// An estimate for a client's project (seed 2's unmounted `estimate` model: client, project, valid till). The project
// is text until projects are a resource. Numbered ES/<year>/<n>; converts into a sales invoice like a quotation.

export const estimateInput = z.strictObject({
  ...documentInput,
  client: recordId('client'),
  project: text(200).optional(),
  issueDate: dateInput.optional(),
  validTill: dateInput,
})

export const estimateResource = defineResource({
  name: 'Estimate',
  resource: 'estimates',
  access: documentAccess('client'),
  label: ['number'],
  fields: {
    ...documentFields,
    number: String,
    client: referenceField({ required: true }),
    project: { type: String, default: '' },
    issueDate: { type: Date, default: () => new Date() },
    validTill: { type: Date, required: true },
    status: { type: String, required: true },
    convertedTo: { type: String, default: null },
  },
  indexes: [numberIndex, { fields: { deletedAt: 1, issueDate: -1, _id: -1 } }],
  input: estimateInput,
  // Listed under its client and shown in the client's activity timeline (after the parents merge).
  parents: [{ resource: 'clients', field: 'client' }],
  references: { client: { resource: 'clients' } },
  derived: documentDerived,
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'validTill')],
  internalFields: [...OWNED_INTERNAL, 'number'],
  assignOnCreate: numberOnCreate('ES', 'issueDate'),
  immutable: ['client'],
  frozen: offerFrozen,
  workflow: offerWorkflow,
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['number', 'project', 'notes'],
  filters: { number: 'string', status: 'string', client: 'id', ownerId: 'string', issueDate: 'date', total: 'number' },
  sortable: ['number', 'issueDate', 'validTill', 'total', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'number',
    'status',
    'issueDate',
    'validTill',
    'client',
    'project',
    'currency',
    ...TOTAL_FIELDS,
  ],
  admin: { navigation: 'Billing', listProperties: ['number', 'client', 'project', 'status', 'total'] },
})
