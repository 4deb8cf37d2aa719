import { Schema } from 'mongoose'
import { z } from 'zod'
import type { JobActor, UserActor } from '../../src/access/actor.js'
import type { Action, Resource, RoleGrant } from '../../src/access/matrix.js'
import { bindResource, type ResourceService } from '../../src/models/bind-resource.js'
import { defineResource, type ResourceOptions } from '../../src/models/define-resource.js'
import { recordId, referenceField, referenceListField } from '../../src/models/fields/record-id.js'
import { requiredText } from '../../src/models/fields/text.js'
import type { TestApp } from '../setup/app.js'

// Resources declared only for these tests, bound next to the catalogue on a test app's connection: clients owned by
// one user, deals taking their owner from their client (ownerFrom), projects owned by a list of members, tasks
// inheriting the members and cascading with their project, teams owned through `members.user`.

type Declaration = Omit<ResourceOptions<z.ZodObject>, 'resource'> & { resource: string }

function declare(options: Declaration) {
  return defineResource({ ...options, resource: options.resource as Resource })
}

const common = {
  audit: true,
  trash: { retentionDays: 1 },
  filters: {},
  sortable: ['createdAt'],
  defaultSort: '-createdAt',
} as const

export const clientResource = declare({
  ...common,
  name: 'RefClient',
  resource: 'ref_clients',
  access: { owner: 'ownerId', defaults: {} },
  label: ['name', 'city'],
  fields: { name: { type: String, required: true }, city: { type: String, default: '' }, ownerId: referenceField() },
  input: z.strictObject({
    name: requiredText(100),
    city: requiredText(100).optional(),
    ownerId: recordId('user').optional(),
  }),
  search: ['name'],
  exportColumns: ['name'],
})

export const dealResource = declare({
  ...common,
  name: 'RefDeal',
  resource: 'ref_deals',
  access: { owner: 'ownerId', ownerFrom: 'client', defaults: {} },
  fields: {
    title: { type: String, required: true },
    client: referenceField({ required: true }),
    partners: referenceListField(),
    ownerId: { type: Schema.Types.ObjectId, default: null },
  },
  input: z.strictObject({
    title: requiredText(100),
    client: recordId('client'),
    partners: z.array(recordId('client')).optional(),
  }),
  references: { client: { resource: 'ref_clients' }, partners: { resource: 'ref_clients', many: true } },
  search: ['title'],
  exportColumns: ['title'],
})

export const projectResource = declare({
  ...common,
  name: 'RefProject',
  resource: 'ref_projects',
  access: { owner: 'members', defaults: {} },
  fields: { name: { type: String, required: true }, members: referenceListField() },
  input: z.strictObject({ name: requiredText(100), members: z.array(recordId('user')).optional() }),
  search: ['name'],
  exportColumns: ['name'],
})

export const taskResource = declare({
  ...common,
  name: 'RefTask',
  resource: 'ref_tasks',
  access: { owner: 'members', ownerFrom: 'project', defaults: {} },
  fields: { title: { type: String, required: true }, project: referenceField(), members: referenceListField() },
  input: z.strictObject({ title: requiredText(100), project: recordId('project') }),
  references: { project: { resource: 'ref_projects', onDestroy: 'cascade' } },
  search: ['title'],
  exportColumns: ['title'],
})

const member = new Schema({ user: { type: Schema.Types.ObjectId, required: true }, role: String }, { _id: false })

export const teamResource = declare({
  ...common,
  name: 'RefTeam',
  resource: 'ref_teams',
  access: { owner: 'members.user', defaults: {} },
  fields: { name: { type: String, required: true }, members: { type: [member], default: [] } },
  input: z.strictObject({
    name: requiredText(100),
    members: z.array(z.strictObject({ user: recordId('user'), role: requiredText(50) })).optional(),
  }),
  search: ['name'],
  exportColumns: ['name'],
})

export interface RefServices {
  clients: ResourceService
  deals: ResourceService
  projects: ResourceService
  tasks: ResourceService
  teams: ResourceService
}

/** Binds the test resources on the app's connection (next to the catalogue, so the engine finds both sides). */
export function bindRefResources(t: TestApp): RefServices {
  const bind = (def: ReturnType<typeof declare>) => bindResource(def, t.context.db.connection, t.config)
  return {
    clients: bind(clientResource),
    deals: bind(dealResource),
    projects: bind(projectResource),
    tasks: bind(taskResource),
    teams: bind(teamResource),
  }
}

export const seeder: JobActor = { kind: 'job', name: 'test.references' }

/** A signed-in user holding exactly these grants (`own` scope unless said). */
export function userWith(
  id: string,
  lines: ReadonlyArray<{ resource: string; actions: readonly Action[]; scope?: 'all' | 'own' }>,
): UserActor {
  const grants: RoleGrant[] = lines.map((line) => ({
    resource: line.resource as Resource,
    actions: [...line.actions],
    scope: line.scope ?? 'own',
    maskedFields: [],
    readonlyFields: [],
  }))
  return { kind: 'user', id, role: 'bdm', grants }
}

export const idOf = (record: Record<string, unknown>): string => String(record._id)
