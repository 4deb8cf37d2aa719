import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { requiredText } from '../fields/text.js'

// Labels (seed 2's `labels`/`tag`: name, color, lableType, scoped by related_id): tags for leads, deals and projects.
// Seed 2 kept one list per parent record; here a label is shared and says which kind of record it tags, and its name
// is unique within that kind (a unique index: the same name may tag deals and leads as two labels).

export const LABEL_TYPES = ['leads', 'deals', 'projects'] as const

export const labelInput = z.strictObject({
  name: requiredText(60),
  color: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^#[0-9a-f]{6}$/, 'must be a colour like #1f4e79'),
  type: z.enum(LABEL_TYPES),
})

export const labelResource = defineResource({
  name: 'Label',
  resource: 'labels',
  access: {
    owner: 'createdBy',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read', 'create', 'update', 'export', 'history'],
      // Tagging is everyday work: a bdm may add a missing label, not rename or remove others'.
      bdm: ['read', 'create'],
    },
  },
  label: ['name'],
  fields: {
    name: { type: String, required: true },
    color: { type: String, required: true },
    type: { type: String, enum: LABEL_TYPES, required: true },
  },
  indexes: [{ fields: { type: 1, name: 1 }, options: { unique: true } }],
  input: labelInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name'],
  filters: { name: 'string', type: 'string', color: 'string' },
  sortable: ['name', 'type', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'color', 'type'],
  // Records show their labels by name and colour, so whoever reads a deal reads its labels.
  readableByAnyUser: true,
  admin: { navigation: 'Settings', listProperties: ['name', 'color', 'type'] },
})
