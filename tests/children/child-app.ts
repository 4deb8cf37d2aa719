import { Types } from 'mongoose'
import request from 'supertest'
import { z } from 'zod'
import type { Resource } from '../../src/access/matrix.js'
import { buildApp } from '../../src/app.js'
import type { AppContext } from '../../src/app-context.js'
import { bindResource, type ResourceService } from '../../src/models/bind-resource.js'
import { defineResource, type ResourceDefinition } from '../../src/models/define-resource.js'
import { recordId, referenceField } from '../../src/models/fields/record-id.js'
import { requiredText, text } from '../../src/models/fields/text.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// Parent and child resources declared only for these tests (the catalogue's own get theirs from other branches):
// projects with tasks and notes under them, and leads with tasks under them too (a child with two parents).

const common = {
  audit: true,
  trash: { retentionDays: 30 },
  filters: {},
  defaultSort: '-createdAt',
} as const

export const projectResource = defineResource({
  ...common,
  name: 'ChildTestProject',
  resource: 'child-projects' as Resource,
  access: { owner: 'owner', defaults: {} },
  label: ['name'],
  fields: { name: { type: String, required: true }, budget: { type: Number, default: 0 }, owner: { type: String } },
  input: z.strictObject({
    name: requiredText(100),
    budget: z.number().int().min(0).optional(),
    owner: text(24).optional(),
  }),
  search: ['name'],
  sortable: ['name', 'createdAt'],
  exportColumns: ['name'],
})

export const leadResource = defineResource({
  ...common,
  name: 'ChildTestLead',
  resource: 'child-leads' as Resource,
  access: { owner: 'owner', defaults: {} },
  fields: { title: { type: String, required: true }, owner: { type: String } },
  input: z.strictObject({ title: requiredText(100) }),
  search: ['title'],
  sortable: ['createdAt'],
  exportColumns: ['title'],
})

export const taskResource = defineResource({
  ...common,
  name: 'ChildTestTask',
  resource: 'child-tasks' as Resource,
  access: { owner: 'owner', defaults: {} },
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    status: { type: String, default: 'open' },
    secret: { type: String, default: '' },
    owner: { type: String },
    project: referenceField(),
    lead: referenceField(),
  },
  input: z.strictObject({
    title: requiredText(100),
    status: z.enum(['open', 'done']).optional(),
    secret: text(100).optional(),
    project: recordId('project').optional(),
    lead: recordId('lead').optional(),
  }),
  references: { project: { resource: 'child-projects' }, lead: { resource: 'child-leads' } },
  parents: [
    { resource: 'child-projects', field: 'project' },
    { resource: 'child-leads', field: 'lead', path: 'todos' },
  ],
  search: ['title'],
  filters: { status: 'string' },
  sortable: ['title', 'createdAt'],
  exportColumns: ['title'],
})

export const noteResource = defineResource({
  ...common,
  name: 'ChildTestNote',
  resource: 'child-notes' as Resource,
  access: { owner: 'owner', defaults: {} },
  fields: { body: { type: String, required: true }, owner: { type: String }, project: referenceField() },
  input: z.strictObject({ body: requiredText(500), project: recordId('project').optional() }),
  references: { project: { resource: 'child-projects' } },
  parents: [{ resource: 'child-projects', field: 'project' }],
  search: ['body'],
  sortable: ['createdAt'],
  exportColumns: ['body'],
})

type Grant = { resource: string; actions: string[]; scope?: 'all' | 'own'; maskedFields?: string[] }
const ALL = ['read', 'create', 'update', 'trash', 'restore', 'destroy', 'history']

/** Roles of these tests, stored raw: the roles schema only knows the catalogue's resources. */
const ROLES: Record<string, Grant[]> = {
  // Runs the projects: everything on all of them.
  'child-manager': [
    { resource: 'child-projects', actions: ALL },
    { resource: 'child-leads', actions: ALL },
    { resource: 'child-tasks', actions: ALL },
    { resource: 'child-notes', actions: ALL },
  ],
  // A project member: their own projects (history too), tasks on their own records with `secret` masked, no notes.
  'child-member': [
    { resource: 'child-projects', actions: ['read', 'history'], scope: 'own' },
    { resource: 'child-tasks', actions: ['read', 'create', 'update'], scope: 'own', maskedFields: ['secret'] },
  ],
  // Reads projects, nothing about tasks.
  'child-viewer': [{ resource: 'child-projects', actions: ['read'] }],
}

export interface ChildApp {
  readonly t: TestApp
  readonly app: TestApp['app']
  readonly projects: ResourceService
  readonly leads: ResourceService
  readonly tasks: ResourceService
  readonly notes: ResourceService
  readonly manager: TestUser
  readonly member: TestUser
  readonly viewer: TestUser
}

/** The real app with the test resources mounted beside the catalogue's (REST routers, child routes, the panel). */
export async function buildChildApp(label: string): Promise<ChildApp> {
  const t = await buildTestApp(label)
  const bind = (def: unknown) => bindResource(def as ResourceDefinition, t.context.db.connection, t.config)
  const [projects, leads, tasks, notes] = [
    bind(projectResource),
    bind(leadResource),
    bind(taskResource),
    bind(noteResource),
  ]
  const all = [...t.context.resources.all, projects, leads, tasks, notes]
  await Promise.all([projects, leads, tasks, notes].map((service) => service.model.createIndexes()))
  const context: AppContext = { ...t.context, resources: { ...t.context.resources, all } }
  await t.context.models.roles.collection.insertMany(
    Object.entries(ROLES).map(([name, grants]) => ({
      name,
      description: name,
      grants: grants.map((grant) => ({ scope: 'all', maskedFields: [], readonlyFields: [], ...grant })),
    })),
  )
  const [manager, member, viewer] = await Promise.all([
    createUser(t, { role: 'child-manager', name: 'Mona Manager' }),
    createUser(t, { role: 'child-member', name: 'Milo Member' }),
    createUser(t, { role: 'child-viewer', name: 'Vera Viewer' }),
  ])
  return { t, app: buildApp(context), projects, leads, tasks, notes, manager, member, viewer }
}

/** POSTs as a user and expects a 201; the created record. */
export async function created(
  c: ChildApp,
  user: TestUser,
  url: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown> & { _id: string }> {
  const res = await request(c.app).post(url).set('authorization', user.token).send(body)
  if (res.status !== 201) throw new Error(`${url}: ${String(res.status)} ${JSON.stringify(res.body)}`)
  return (res.body as { data: Record<string, unknown> & { _id: string } }).data
}

export const objectId = (id: string): Types.ObjectId => new Types.ObjectId(id)
