import { z } from 'zod'
import { defineResource } from './define-resource.js'
import { requiredText } from './fields/text.js'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../access/vocabulary.js'

// The services catalogue a booking picks from (seed 1's `service` model).

export const serviceInput = z.strictObject({
  label: requiredText(200),
  value: requiredText(200),
  status: z.boolean().optional(),
})

export const serviceResource = defineResource({
  name: 'Service',
  resource: 'services',
  access: {
    owner: 'createdBy',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read'],
      HR: ['read'],
      bdm: ['read'],
      user: ['read'],
    },
  },
  fields: {
    label: { type: String, required: true },
    // A trashed service keeps its value: restore it rather than adding it again.
    value: { type: String, required: true, unique: true },
    status: { type: Boolean, default: true },
  },
  indexes: [{ fields: { deletedAt: 1, label: 1 } }],
  input: serviceInput,
  audit: true,
  trash: { retentionDays: 30 },
  search: ['label', 'value'],
  filters: { label: 'string', value: 'string', status: 'boolean', createdAt: 'date' },
  sortable: ['label', 'value', 'createdAt', 'updatedAt'],
  defaultSort: 'label',
  exportColumns: ['_id', 'label', 'value', 'status', 'createdAt'],
  readableByAnyUser: true,
  admin: { navigation: 'Sales', listProperties: ['label', 'value', 'status'] },
})
