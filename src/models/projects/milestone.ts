import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { FROM_PROJECT_MEMBERS, projectTeamDefaults } from './access.js'
import { currencyCode, currencyField, dateInput, endAfterStart, paiseAmount } from './fields.js'
import { milestoneCurrencyProblems } from './milestone-budget.js'

// A project milestone (seed 2's `milestones`). With `addCostToBudget` its cost counts in the project's total budget
// while the milestone is live: milestone-budget.ts keeps the project's `milestoneCosts` equal to that sum.

export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'completed'] as const

export const milestoneInput = z.strictObject({
  project: recordId('project'),
  title: requiredText(200),
  status: z.enum(MILESTONE_STATUSES).optional(),
  cost: paiseAmount.optional(),
  currency: currencyCode.optional(),
  summary: multilineText(5000).optional(),
  startDate: dateInput.nullable().optional(),
  endDate: dateInput.nullable().optional(),
  addCostToBudget: z.boolean().optional(),
})

function check(record: ResourceRecord): FieldProblem[] {
  return endAfterStart(record, 'startDate', 'endDate')
}

export const milestoneResource = defineResource({
  name: 'Milestone',
  resource: 'milestones',
  access: { ...FROM_PROJECT_MEMBERS, defaults: projectTeamDefaults(['read', 'history']) },
  label: ['title'],
  fields: {
    project: referenceField({ required: true }),
    title: { type: String, required: true },
    status: { type: String, enum: MILESTONE_STATUSES, default: 'not_started' },
    cost: { type: Number, default: 0, min: 0 },
    currency: currencyField,
    summary: { type: String, default: '' },
    startDate: { type: Date, default: null },
    endDate: { type: Date, default: null },
    addCostToBudget: { type: Boolean, default: false },
    memberIds: referenceListField(),
  },
  internalFields: ['memberIds'],
  input: milestoneInput,
  check,
  verify: milestoneCurrencyProblems,
  audit: true,
  trash: { retentionDays: 365 },
  references: { project: { resource: 'projects', onDestroy: 'cascade' } },
  parents: [{ resource: 'projects', field: 'project' }],
  search: ['title', 'summary'],
  filters: { project: 'id', status: 'string', addCostToBudget: 'boolean', endDate: 'date' },
  sortable: ['title', 'startDate', 'endDate', 'cost', 'createdAt'],
  defaultSort: 'startDate',
  exportColumns: ['_id', 'project', 'title', 'status', 'cost', 'currency', 'addCostToBudget', 'startDate', 'endDate'],
  admin: { navigation: 'Projects', listProperties: ['title', 'project', 'status', 'cost', 'addCostToBudget'] },
})
