import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { checkDates, dateInput } from './dates.js'
import { documentAccess, documentInput, numberIndex, numberOnCreate, proposalWorkflow } from './document-shape.js'
import { checkLines, DOCUMENT_INTERNAL, documentDerived, documentFields, TOTAL_FIELDS } from './line-items.js'

// A proposal to a lead or deal before there is a client (seed 2's `proposals`: lead title, deal title, valid till,
// description). Seed 2 stored titles; here `lead` and `deal` are references (deals arrive with the sales branch and
// are checked when given) and `title` is the proposal's own. No client, so the supply is taken as intra-state and
// the owner is the creator
// (or whoever srdev names). Numbered PR/<year>/<n>.

export const proposalInput = z.strictObject({
  ...documentInput,
  /** The bdm the proposal belongs to; default its creator. */
  ownerId: recordId('user').optional(),
  title: requiredText(200),
  lead: recordId('lead').optional(),
  deal: recordId('deal').optional(),
  issueDate: dateInput.optional(),
  validTill: dateInput,
  description: multilineText(5000).optional(),
})

export const proposalResource = defineResource({
  name: 'Proposal',
  resource: 'proposals',
  access: documentAccess(),
  label: ['number', 'title'],
  fields: {
    ...documentFields,
    number: String,
    title: { type: String, required: true },
    lead: referenceField(),
    deal: referenceField(),
    issueDate: { type: Date, default: () => new Date() },
    validTill: { type: Date, required: true },
    description: { type: String, default: '' },
    status: { type: String, required: true },
  },
  indexes: [numberIndex, { fields: { deletedAt: 1, issueDate: -1, _id: -1 } }],
  input: proposalInput,
  references: { lead: { resource: 'leads' }, deal: { resource: 'deals' } },
  derived: documentDerived,
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'validTill')],
  internalFields: [...DOCUMENT_INTERNAL, 'number'],
  assignOnCreate: numberOnCreate('PR', 'issueDate'),
  workflow: proposalWorkflow,
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['number', 'title', 'description'],
  filters: { number: 'string', status: 'string', lead: 'id', deal: 'id', ownerId: 'string', issueDate: 'date' },
  sortable: ['number', 'title', 'issueDate', 'validTill', 'total', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'number',
    'title',
    'status',
    'issueDate',
    'validTill',
    'lead',
    'deal',
    'currency',
    ...TOTAL_FIELDS,
  ],
  admin: { navigation: 'Billing', listProperties: ['number', 'title', 'status', 'total', 'validTill'] },
})
