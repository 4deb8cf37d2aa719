import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId } from '../fields/record-id.js'
import { text } from '../fields/text.js'
import { checkDates, dateInput } from './dates.js'
import { clientOffer, clientOfferFields } from './client-offer.js'
import { documentInput } from './document-shape.js'
import { checkLines, TOTAL_FIELDS } from './line-items.js'

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
  ...clientOffer('ES'),
  fields: {
    ...clientOfferFields,
    project: { type: String, default: '' },
    validTill: { type: Date, required: true },
  },
  input: estimateInput,
  references: { client: { resource: 'clients' } },
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'validTill')],
  search: ['number', 'project', 'notes'],
  filters: { number: 'string', status: 'string', client: 'id', ownerId: 'string', issueDate: 'date', total: 'number' },
  sortable: ['number', 'issueDate', 'validTill', 'total', 'createdAt'],
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
