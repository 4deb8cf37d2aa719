import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { multilineText, requiredText } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's Announcement (title, description), with an audience: everyone, or the named departments (by name, the
// key employees use for their department). Every signed-in user reads those addressed to them: the ones for everyone
// and the ones naming the department of their employee profile (access.audience); HR, srdev and senior admins, who
// read with an `all` scope, see them all.

export const AUDIENCES = ['all', 'departments'] as const

function check(record: ResourceRecord): FieldProblem[] {
  const departments = Array.isArray(record.departments) ? record.departments : []
  if (record.audience === 'departments' && departments.length === 0) {
    return [{ path: 'departments', message: 'name at least one department for a departments audience' }]
  }
  if (record.audience === 'all' && departments.length > 0) {
    return [{ path: 'departments', message: 'must be empty when the audience is all' }]
  }
  return []
}

export const announcementResource = defineResource({
  name: 'Announcement',
  resource: 'announcements',
  access: { owner: 'createdBy', audience: 'departments', defaults: hrManaged() },
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    description: { type: String, required: true },
    audience: { type: String, enum: AUDIENCES, default: 'all' },
    departments: { type: [String], default: [] },
  },
  input: z.strictObject({
    title: requiredText(200),
    description: multilineText(10_000).pipe(z.string().min(1, 'is required')),
    audience: z.enum(AUDIENCES).optional(),
    departments: z.array(requiredText(100)).max(50).optional(),
  }),
  check,
  references: { departments: { resource: 'departments', key: 'name', many: true } },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'description'],
  filters: { audience: 'string', departments: 'string', createdAt: 'date' },
  sortable: ['createdAt', 'title'],
  defaultSort: '-createdAt',
  exportColumns: ['createdAt', 'title', 'audience', 'departments', 'description'],
  readableByAnyUser: true,
  admin: { navigation: 'Workplace', listProperties: ['title', 'audience', 'departments', 'createdAt'] },
})
