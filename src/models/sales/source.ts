import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { multilineText, requiredText } from '../fields/text.js'
import { SALES_MANAGEMENT_KEEPS } from './settings-access.js'

// Lead sources (seed 2's `sources`: sourceName, description), the list a lead's origin is picked from. Seed 2 left
// it public and writable; here everyone signed in reads it and sales management keeps it.

export const sourceInput = z.strictObject({
  name: requiredText(100),
  description: multilineText(1000).optional(),
})

export const sourceResource = defineResource({
  name: 'Source',
  resource: 'sources',
  access: SALES_MANAGEMENT_KEEPS,
  label: ['name'],
  fields: {
    name: { type: String, required: true, unique: true },
    description: { type: String, default: '' },
  },
  input: sourceInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'description'],
  filters: { name: 'string' },
  sortable: ['name', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'description'],
  readableByAnyUser: true,
  admin: { navigation: 'Settings', listProperties: ['name', 'description'] },
})
