import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText } from '../fields/text.js'
import { FROM_PROJECT_MEMBERS, projectTeamDefaults } from './access.js'
import { dateInput, endAfterStart } from './fields.js'

// A progress report on a project for a period (seed 2's `project-reports`).

export const REPORT_STATUSES = ['in-progress', 'on-hold', 'completed', 'cancelled'] as const

export const projectReportInput = z.strictObject({
  project: recordId('project'),
  periodStart: dateInput,
  periodEnd: dateInput,
  completion: z.number().int('must be a whole percent').min(0).max(100),
  status: z.enum(REPORT_STATUSES),
  summary: multilineText(20_000).optional(),
})

function check(record: ResourceRecord): FieldProblem[] {
  return endAfterStart(record, 'periodStart', 'periodEnd')
}

export const projectReportResource = defineResource({
  name: 'ProjectReport',
  resource: 'project-reports',
  access: { ...FROM_PROJECT_MEMBERS, defaults: projectTeamDefaults(['read', 'history']) },
  fields: {
    project: referenceField({ required: true }),
    periodStart: { type: Date, required: true },
    periodEnd: { type: Date, required: true },
    completion: { type: Number, required: true, min: 0, max: 100 },
    status: { type: String, enum: REPORT_STATUSES, required: true },
    summary: { type: String, default: '' },
    memberIds: referenceListField(),
  },
  input: projectReportInput,
  check,
  internalFields: ['memberIds'],
  audit: true,
  trash: { retentionDays: 365 },
  references: { project: { resource: 'projects', onDestroy: 'cascade' } },
  parents: [{ resource: 'projects', field: 'project', path: 'reports' }],
  search: ['summary'],
  filters: { project: 'id', status: 'string', periodStart: 'date', periodEnd: 'date' },
  sortable: ['periodStart', 'periodEnd', 'completion', 'createdAt'],
  defaultSort: '-periodEnd',
  exportColumns: ['_id', 'project', 'periodStart', 'periodEnd', 'completion', 'status'],
  admin: { navigation: 'Projects', listProperties: ['project', 'periodStart', 'periodEnd', 'completion', 'status'] },
})
