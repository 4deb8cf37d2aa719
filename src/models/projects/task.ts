import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { projectTeamDefaults } from './access.js'
import { dateInput, endAfterStart } from './fields.js'

// A task of a project or of a lead (seed 2's `tasks`, `related_id` either), never both. Its assignees own it: they
// see it and move it along its workflow; a step may not be skipped (todo -> done is refused with 409).

export const TASK_STATUSES = ['todo', 'in_progress', 'review', 'done'] as const
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const

export const taskInput = z.strictObject({
  name: requiredText(200),
  project: recordId('project').nullable().optional(),
  lead: recordId('lead').nullable().optional(),
  category: text(100).optional(),
  startDate: dateInput.nullable().optional(),
  dueDate: dateInput.nullable().optional(),
  assignees: z.array(recordId('user')).max(50).optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  description: multilineText(10_000).optional(),
  reminderDate: dateInput.nullable().optional(),
})

/** A task belongs to exactly one project or one lead. */
function check(record: ResourceRecord): FieldProblem[] {
  const parents = [record.project, record.lead].filter((value) => value !== null && value !== undefined)
  if (parents.length !== 1) {
    const message = parents.length === 0 ? 'a project or a lead is required' : 'name a project or a lead, not both'
    return [
      { path: 'project', message },
      { path: 'lead', message },
    ]
  }
  return endAfterStart(record, 'startDate', 'dueDate')
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : []
}

/** Assignees the write added (all of them on create). */
function newAssignees(after: ResourceRecord, before: ResourceRecord | null): string[] {
  const earlier = new Set(idsOf(before?.assignees))
  return idsOf(after.assignees).filter((id) => !earlier.has(id))
}

const assigned = {
  name: 'task.assigned',
  when: (after: ResourceRecord, before: ResourceRecord | null) => newAssignees(after, before).length > 0,
  message: (after: ResourceRecord) => `You are assigned the task ${String(after.name)}`,
}

export const taskResource = defineResource({
  name: 'Task',
  resource: 'tasks',
  access: { owner: 'assignees', defaults: projectTeamDefaults(['read', 'update', 'history']) },
  label: ['name'],
  fields: {
    name: { type: String, required: true },
    project: referenceField(),
    lead: referenceField(),
    category: { type: String, default: '' },
    startDate: { type: Date, default: null },
    dueDate: { type: Date, default: null },
    assignees: referenceListField(),
    status: { type: String, enum: TASK_STATUSES, required: true },
    priority: { type: String, enum: TASK_PRIORITIES, default: 'medium' },
    description: { type: String, default: '' },
    reminderDate: { type: Date, default: null },
  },
  indexes: [{ fields: { assignees: 1, dueDate: 1 } }],
  input: taskInput,
  check,
  audit: true,
  trash: { retentionDays: 180 },
  references: {
    project: { resource: 'projects', onDestroy: 'cascade' },
    lead: { resource: 'leads', onDestroy: 'cascade' },
    assignees: { resource: 'users', many: true },
  },
  parents: [
    { resource: 'projects', field: 'project' },
    { resource: 'leads', field: 'lead' },
  ],
  workflow: {
    field: 'status',
    initial: 'todo',
    states: TASK_STATUSES,
    transitions: [
      { name: 'start', from: ['todo'], to: 'in_progress' },
      { name: 'submit', from: ['in_progress'], to: 'review' },
      { name: 'rework', from: ['review'], to: 'in_progress' },
      { name: 'finish', from: ['review'], to: 'done' },
      { name: 'reopen', from: ['done'], to: 'in_progress' },
    ],
  },
  // The actor is never told of their own act (the engine). On update the recipients see only the record after the
  // write, so every current assignee hears that the list grew; on create, everyone assigned.
  events: [
    { ...assigned, on: 'created', recipients: (after: ResourceRecord) => idsOf(after.assignees) },
    { ...assigned, on: 'updated', recipients: (after: ResourceRecord) => idsOf(after.assignees) },
  ],
  reminders: [
    {
      name: 'task.due',
      field: 'dueDate',
      daysBefore: 1,
      when: (record) => record.status !== 'done',
      recipients: (record) => idsOf(record.assignees),
      message: (record) => `The task ${String(record.name)} is due soon`,
    },
  ],
  search: ['name', 'category', 'description'],
  filters: {
    project: 'id',
    lead: 'id',
    assignees: 'id',
    status: 'string',
    priority: 'string',
    category: 'string',
    dueDate: 'date',
    startDate: 'date',
  },
  sortable: ['name', 'dueDate', 'startDate', 'priority', 'status', 'createdAt'],
  defaultSort: 'dueDate',
  exportColumns: ['_id', 'name', 'project', 'lead', 'category', 'status', 'priority', 'startDate', 'dueDate'],
  admin: { navigation: 'Projects', listProperties: ['name', 'project', 'lead', 'status', 'priority', 'dueDate'] },
})
