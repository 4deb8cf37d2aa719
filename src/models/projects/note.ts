import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { projectTeamDefaults } from './access.js'

// A project note (seed 2's `notes`). A private note is for the employees it names: they are its owners, so the
// `own` scope lets them read it anywhere; public notes reach the project's members through the project's child
// route (`/api/v1/projects/:id/notes`), scoped by the project.

export const NOTE_TYPES = ['public', 'private'] as const

export const noteInput = z.strictObject({
  project: recordId('project'),
  title: requiredText(200),
  type: z.enum(NOTE_TYPES).optional(),
  description: multilineText(20_000),
  employeeIds: z.array(recordId('user')).max(200).optional(),
})

export const noteResource = defineResource({
  name: 'Note',
  resource: 'notes',
  access: { owner: 'employeeIds', defaults: projectTeamDefaults(['read', 'history']) },
  label: ['title'],
  fields: {
    project: referenceField({ required: true }),
    title: { type: String, required: true },
    type: { type: String, enum: NOTE_TYPES, default: 'public' },
    description: { type: String, required: true },
    employeeIds: referenceListField(),
  },
  input: noteInput,
  audit: true,
  trash: { retentionDays: 365 },
  references: {
    project: { resource: 'projects', onDestroy: 'cascade' },
    employeeIds: { resource: 'users', many: true },
  },
  parents: [{ resource: 'projects', field: 'project' }],
  search: ['title', 'description'],
  filters: { project: 'id', type: 'string', employeeIds: 'id' },
  sortable: ['title', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['_id', 'project', 'title', 'type', 'createdAt'],
  admin: { navigation: 'Projects', listProperties: ['title', 'project', 'type', 'createdAt'] },
})
