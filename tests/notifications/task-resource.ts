import { z } from 'zod'
import type { UserActor } from '../../src/access/actor.js'
import type { Resource } from '../../src/access/matrix.js'
import type { AppContext } from '../../src/app-context.js'
import { bindResource, type ResourceService } from '../../src/models/bind-resource.js'
import { defineResource, type ResourceRecord } from '../../src/models/define-resource.js'
import { requiredText } from '../../src/models/fields/text.js'
import { notificationModel, type Notification } from '../../src/notifications/notification.js'
import type { TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'

// A resource declared only for the notification tests (seed 2's tasks, reduced): its events and reminder exercise
// the engine the way the catalogue's resources will.

const RESOURCE = 'notify_tasks' as Resource

function assigneesOf(record: ResourceRecord): string[] {
  return Array.isArray(record.assignees) ? record.assignees.map(String) : []
}

export const taskResource = defineResource({
  name: 'NotifyTask',
  resource: RESOURCE,
  access: { owner: 'createdBy', defaults: {} },
  fields: {
    title: { type: String, required: true },
    assignees: { type: [String], default: [] },
    dueDate: { type: Date, default: null },
    createdBy: { type: String, default: null },
    status: { type: String },
  },
  input: z.strictObject({
    title: requiredText(200),
    assignees: z.array(z.string()).optional(),
    dueDate: z.coerce.date().nullable().optional(),
  }),
  audit: true,
  trash: { retentionDays: 1 },
  search: ['title'],
  filters: {},
  sortable: ['createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['title'],
  workflow: {
    field: 'status',
    initial: 'open',
    states: ['open', 'done'],
    transitions: [
      { name: 'complete', from: ['open'], to: 'done' },
      { name: 'reopen', from: ['done'], to: 'open' },
    ],
  },
  events: [
    {
      name: 'task.assigned',
      on: 'created',
      recipients: assigneesOf,
      message: (task) => `You were assigned "${String(task.title)}"`,
    },
    {
      // A declaration whose lookup fails (its directory is down): the write must not notice.
      name: 'task.flagged',
      on: 'created',
      when: (task) => String(task.title).startsWith('boom'),
      recipients: () => Promise.reject(new Error('directory unreachable')),
      message: () => 'never sent',
    },
    {
      name: 'task.reassigned',
      on: 'updated',
      when: (after, before) => assigneesOf(after).join() !== assigneesOf(before ?? {}).join(),
      recipients: (after) => assigneesOf(after),
      message: (task) => `You are on "${String(task.title)}"`,
    },
    {
      name: 'task.completed',
      on: { transition: 'complete' },
      recipients: (task) => [String(task.createdBy), ...assigneesOf(task)],
      message: (task) => `"${String(task.title)}" is done`,
    },
  ],
  reminders: [
    {
      name: 'task.due',
      field: 'dueDate',
      daysBefore: 1,
      when: (task) => task.status !== 'done',
      recipients: assigneesOf,
      message: (task) => `"${String(task.title)}" is due soon`,
    },
    {
      name: 'task.escalate',
      field: 'dueDate',
      daysBefore: 0,
      when: (task) => String(task.title).startsWith('boom'),
      recipients: () => Promise.reject(new Error('directory unreachable')),
      message: () => 'never sent',
    },
  ],
})

/** The test resource bound to the app's database and logger, as bindResources binds the catalogue's. */
export function bindTasks(t: TestApp): ResourceService {
  return bindResource(taskResource, t.context.db.connection, { ...t.config, logger: t.context.logger })
}

/** The app's context with the test resource in its resource list (what the jobs iterate). */
export function contextWithTasks(t: TestApp, tasks: ResourceService): AppContext {
  return { ...t.context, resources: { ...t.context.resources, all: [...t.context.resources.all, tasks] } }
}

/** A signed-in user's actor holding every right on the test resource (the roles matrix does not know it). */
export function taskActor(user: TestUser): UserActor {
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    grants: [
      { resource: RESOURCE, actions: ['read', 'create', 'update'], scope: 'all', maskedFields: [], readonlyFields: [] },
    ],
  }
}

/** A user's stored notifications, oldest first. */
export async function inboxOf(t: TestApp, user: TestUser): Promise<Notification[]> {
  return notificationModel(t.context.db.connection)
    .find({ recipient: user.id })
    .sort({ createdAt: 1, _id: 1 })
    .lean<Notification[]>()
}
