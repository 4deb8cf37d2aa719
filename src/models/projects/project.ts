import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { projectTeamDefaults } from './access.js'
import { currencyCode, currencyField, dateInput, endAfterStart, paiseAmount, storedFileList } from './fields.js'

// A project done for a client (seed 2's `projects`). Its members (`memberIds`) are its owners: they see it and its
// children; managers see all. Budget in paise; milestones flagged `addCostToBudget` add their cost through
// `milestoneCosts` (milestone-budget.ts), so `totalBudget` is always the base budget plus those costs.

export const PROJECT_STATUSES = ['not_started', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const

export const projectInput = z.strictObject({
  name: requiredText(200),
  client: recordId('client').optional(),
  memberIds: z.array(recordId('user')).max(200).optional(),
  managerId: recordId('user').optional(),
  category: text(100).optional(),
  description: multilineText(10_000).optional(),
  budget: paiseAmount,
  currency: currencyCode.optional(),
  estimatedMonths: z.number().int().min(0).max(600).optional(),
  estimatedHours: z.number().int().min(0).max(1_000_000).optional(),
  startDate: dateInput,
  endDate: dateInput,
})

function check(record: ResourceRecord): FieldProblem[] {
  return endAfterStart(record, 'startDate', 'endDate')
}

function totals(record: ResourceRecord): ResourceRecord {
  return { totalBudget: Number(record.budget ?? 0) + Number(record.milestoneCosts ?? 0) }
}

export const projectResource = defineResource({
  name: 'Project',
  resource: 'projects',
  access: { owner: 'memberIds', defaults: projectTeamDefaults(['read', 'history']) },
  label: ['name'],
  fields: {
    name: { type: String, required: true, unique: true },
    client: referenceField(),
    memberIds: referenceListField(),
    managerId: referenceField(),
    category: { type: String, default: '' },
    description: { type: String, default: '' },
    budget: { type: Number, required: true, min: 0 },
    currency: currencyField,
    estimatedMonths: { type: Number, default: null },
    estimatedHours: { type: Number, default: null },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    status: { type: String, enum: PROJECT_STATUSES, required: true },
    /** Sum of the costs of live milestones flagged addCostToBudget (milestone-budget.ts). */
    milestoneCosts: { type: Number, default: 0, min: 0 },
    totalBudget: { type: Number, default: 0, min: 0 },
    files: storedFileList,
  },
  input: projectInput,
  check,
  derived: { fields: ['totalBudget'], compute: totals },
  internalFields: ['milestoneCosts', 'files'],
  audit: true,
  trash: { retentionDays: 365 },
  references: {
    client: { resource: 'clients' },
    memberIds: { resource: 'users', many: true },
    managerId: { resource: 'users' },
  },
  parents: [{ resource: 'clients', field: 'client' }],
  workflow: {
    field: 'status',
    initial: 'not_started',
    states: PROJECT_STATUSES,
    transitions: [
      { name: 'start', from: ['not_started'], to: 'in_progress' },
      { name: 'hold', from: ['in_progress'], to: 'on_hold' },
      { name: 'resume', from: ['on_hold'], to: 'in_progress' },
      { name: 'complete', from: ['in_progress'], to: 'completed' },
      { name: 'cancel', from: ['not_started', 'in_progress', 'on_hold'], to: 'cancelled', reasonRequired: true },
    ],
  },
  search: ['name', 'category', 'description'],
  filters: {
    status: 'string',
    client: 'id',
    managerId: 'id',
    memberIds: 'id',
    category: 'string',
    startDate: 'date',
    endDate: 'date',
  },
  sortable: ['name', 'startDate', 'endDate', 'budget', 'status', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'name',
    'client',
    'managerId',
    'category',
    'status',
    'budget',
    'milestoneCosts',
    'totalBudget',
    'currency',
    'estimatedMonths',
    'estimatedHours',
    'startDate',
    'endDate',
  ],
  admin: {
    navigation: 'Projects',
    listProperties: ['name', 'client', 'status', 'startDate', 'endDate', 'totalBudget'],
  },
})
