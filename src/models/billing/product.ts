import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { currencyCode, gstRate, paiseAmount } from './line-items.js'

// What is sold (seed 2's `products`, there scoped to a project or lead; here one catalogue). Lines of the sales
// documents may name a product; its price and rate are what the frontends prefill, the line keeps its own copy.

/** HSN (goods: 4, 6 or 8 digits) or SAC (services: 6 digits starting 99), as GST invoices print them. */
export const hsnSac = text(8)
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^(\d{4}|\d{6}|\d{8})$/, 'must be an HSN code (4, 6 or 8 digits) or a SAC code (99xxxx)'))

export const productInput = z.strictObject({
  name: requiredText(200),
  /** Paise per unit, before tax. */
  price: paiseAmount,
  currency: currencyCode.optional(),
  taxRate: gstRate,
  hsnSac: hsnSac.optional(),
  sku: text(60).pipe(z.string().min(1, 'must not be empty')).optional(),
  category: text(100).optional(),
  description: multilineText(2000).optional(),
})

export const productResource = defineResource({
  name: 'Product',
  resource: 'products',
  access: {
    owner: 'createdBy',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ALL_BUT_DESTROY,
      bdm: ['read', 'export'],
    },
  },
  label: ['name', 'sku'],
  fields: {
    name: { type: String, required: true },
    price: { type: Number, required: true, min: 0 },
    currency: { type: String, default: 'INR' },
    taxRate: { type: Number, required: true },
    hsnSac: String,
    sku: String,
    category: { type: String, default: '' },
    description: { type: String, default: '' },
  },
  indexes: [
    // Unique where given: many products carry no SKU. A trashed product keeps its SKU (restore it instead).
    { fields: { sku: 1 }, options: { unique: true, partialFilterExpression: { sku: { $type: 'string' } } } },
    { fields: { deletedAt: 1, name: 1 } },
  ],
  input: productInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'sku', 'hsnSac', 'category'],
  filters: { name: 'string', sku: 'string', category: 'string', taxRate: 'number', price: 'number', hsnSac: 'string' },
  sortable: ['name', 'price', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'sku', 'hsnSac', 'category', 'price', 'currency', 'taxRate', 'createdAt'],
  admin: { navigation: 'Billing', listProperties: ['name', 'sku', 'price', 'taxRate', 'category'] },
})
