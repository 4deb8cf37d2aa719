import { z } from 'zod'
import { ALL_ACTIONS, ROLE_NAMES } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { multilineText } from '../fields/text.js'

// Seed 2's `features` table held bare names. Here a feature is a named switch the frontends read to show or hide a
// module (`projects.timesheets`) for some roles: it changes what the screens offer, never what the API allows (the
// roles matrix does that). Every signed-in user reads them; only srdev changes them.

export const featureInput = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/, 'must be lower-case words joined by . _ or -')
    .max(100),
  description: multilineText(1000).optional(),
  enabled: z.boolean().optional(),
  /** Roles the module is shown to; none means everyone. */
  audience: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length).optional(),
})

export const featureResource = defineResource({
  name: 'Feature',
  resource: 'features',
  access: { owner: 'createdBy', defaults: { srdev: ALL_ACTIONS } },
  label: ['key'],
  fields: {
    key: { type: String, required: true, unique: true },
    description: { type: String, default: '' },
    enabled: { type: Boolean, default: false },
    audience: { type: [String], enum: ROLE_NAMES, default: [] },
  },
  input: featureInput,
  audit: true,
  trash: { retentionDays: 90 },
  readableByAnyUser: true,
  search: ['key', 'description'],
  filters: { key: 'string', enabled: 'boolean', audience: 'string' },
  sortable: ['key', 'createdAt'],
  defaultSort: 'key',
  exportColumns: ['_id', 'key', 'enabled', 'audience', 'description'],
  admin: { navigation: 'Settings', listProperties: ['key', 'enabled', 'audience'] },
})
