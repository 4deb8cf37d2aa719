import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId } from '../fields/record-id.js'
import { text } from '../fields/text.js'
import { dateInput } from './dates.js'
import { clientOffer, clientOfferFields } from './client-offer.js'
import { documentInput } from './document-shape.js'
import { checkLines, TOTAL_FIELDS } from './line-items.js'

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
  ...clientOffer('SQ'),
  fields: {
    ...clientOfferFields,
    category: { type: String, default: '' },
  },
  input: salesQuotationInput,
  references: { client: { resource: 'clients' } },
  check: checkLines,
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
  exportColumns: ['_id', 'number', 'status', 'issueDate', 'client', 'category', 'currency', ...TOTAL_FIELDS],
  admin: { navigation: 'Billing', listProperties: ['number', 'client', 'category', 'status', 'total'] },
})
