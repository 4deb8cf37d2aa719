import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { requiredText } from '../fields/text.js'
import { DEVELOPERS_KEEP } from './settings-access.js'

// Countries (seed 2's `countries`): ISO 3166-1 alpha-2 code, name and international dialling code, for address and
// phone pickers. Seeded at start-up (seed-sales-lists.ts); every signed-in user reads them, developers keep them.

export const countryInput = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166-1 code'),
  name: requiredText(100),
  phoneCode: z
    .string()
    .trim()
    .regex(/^\+[1-9][0-9]{0,3}$/, 'must look like +91'),
})

export const countryResource = defineResource({
  name: 'Country',
  resource: 'countries',
  access: DEVELOPERS_KEEP,
  label: ['name'],
  fields: {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true, unique: true },
    phoneCode: { type: String, required: true },
  },
  input: countryInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'code'],
  filters: { code: 'string', name: 'string', phoneCode: 'string' },
  sortable: ['name', 'code', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'code', 'name', 'phoneCode'],
  readableByAnyUser: true,
  admin: { navigation: 'Settings', listProperties: ['code', 'name', 'phoneCode'] },
})
