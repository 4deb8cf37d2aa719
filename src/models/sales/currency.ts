import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { requiredText } from '../fields/text.js'
import { currencyCode } from './money.js'
import { DEVELOPERS_KEEP } from './settings-access.js'

// Currencies (seed 2's `currencies`: currencyName, currencyIcon, currencyCode): the codes sales money may carry.
// Deals and contracts name one by its code (a reference by key). Seeded at start-up; read by every signed-in user,
// kept by developers.

export const currencyInput = z.strictObject({
  code: currencyCode,
  name: requiredText(100),
  symbol: requiredText(8),
})

export const currencyResource = defineResource({
  name: 'Currency',
  resource: 'currencies',
  access: DEVELOPERS_KEEP,
  label: ['code'],
  fields: {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    symbol: { type: String, required: true },
  },
  input: currencyInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['code', 'name'],
  filters: { code: 'string', name: 'string' },
  sortable: ['code', 'name', 'createdAt'],
  defaultSort: 'code',
  exportColumns: ['_id', 'code', 'name', 'symbol'],
  readableByAnyUser: true,
  admin: { navigation: 'Settings', listProperties: ['code', 'name', 'symbol'] },
})
