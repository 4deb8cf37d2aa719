import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { checkDates, dateInput } from './dates.js'
import { clientOffer, clientOfferFields } from './client-offer.js'
import { documentInput } from './document-shape.js'
import { checkLines, TOTAL_FIELDS } from './line-items.js'

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
  ...clientOffer('QT'),
  fields: {
    ...clientOfferFields,
    lead: referenceField(),
    deal: referenceField(),
    validTill: { type: Date, required: true },
  },
  input: quotationInput,
  references: { client: { resource: 'clients' }, lead: { resource: 'leads' }, deal: { resource: 'deals' } },
  check: (record) => [...checkLines(record), ...checkDates(record, 'issueDate', 'validTill')],
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
