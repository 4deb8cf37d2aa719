import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { requiredText } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's skill: a list of skill names job postings pick from (by name).

export const skillResource = defineResource({
  name: 'Skill',
  resource: 'skills',
  access: { owner: 'createdBy', defaults: hrManaged() },
  label: ['name'],
  fields: { name: { type: String, required: true, unique: true } },
  input: z.strictObject({ name: requiredText(100) }),
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name'],
  filters: { name: 'string' },
  sortable: ['name', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'createdAt'],
  readableByAnyUser: true,
  admin: { navigation: 'Recruitment', listProperties: ['name'] },
})
