import { CATALOGUE } from '../models/catalogue.js'
import { RESOURCES, type Action, type Resource, type RoleGrant } from './matrix.js'

// Seed 2's permissions JSON (role -> module -> entity -> { create, view, update, delete }) as a view of our roles
// matrix: the roles collection stays the one source of truth, this file only translates both ways.
//
// Module: the resource's admin navigation group (HR, Sales, Money...), as the panel shows it. Entity: the resource.
// Reading: view = read, create = create, update = update, delete = trash (ours is a soft delete, as seed 2's
// clients expect "delete" to be undoable by someone).
// Writing, only where a flag differs from what reading shows, so sending back what was read changes nothing:
// - turning on adds the least that makes the flag read true: view -> read; delete -> trash and restore (a deleted
//   record can be brought back); create, update -> themselves. Export, history and permanent deletion stay
//   explicit grants of /api/v1/roles.
// - turning off removes everything the flag stands for: view -> read, export and history (no reading by other
//   means); delete -> trash, restore and destroy (who may not delete may not delete permanently either).
// Added actions join the role's first line on that resource, keeping its scope, masked and read-only fields; a role
// with no line there gets one with scope `all`. A line left with no action is dropped.

export const PERMISSION_FLAGS = ['create', 'view', 'update', 'delete'] as const
export type PermissionFlag = (typeof PERMISSION_FLAGS)[number]
export type PermissionFlags = Record<PermissionFlag, boolean>
/** module -> entity -> flags, for one role. */
export type RolePermissions = Record<string, Record<string, PermissionFlags>>

const SHOWN_BY: Readonly<Record<PermissionFlag, Action>> = {
  create: 'create',
  view: 'read',
  update: 'update',
  delete: 'trash',
}
const GRANTED_BY: Readonly<Record<PermissionFlag, readonly Action[]>> = {
  create: ['create'],
  view: ['read'],
  update: ['update'],
  delete: ['trash', 'restore'],
}
const REVOKED_BY: Readonly<Record<PermissionFlag, readonly Action[]>> = {
  create: ['create'],
  view: ['read', 'export', 'history'],
  update: ['update'],
  delete: ['trash', 'restore', 'destroy'],
}

/** The plain resources' groups, as the admin panel names them. */
const PLAIN_MODULES: Readonly<Record<string, string>> = {
  users: 'People',
  roles: 'People',
  'job-runs': 'Jobs',
  'webhook-inbox': 'Money',
}

const DECLARED_MODULES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(CATALOGUE).map((def) => [def.resource, def.admin?.navigation ?? 'Records']),
)

export function moduleOf(resource: Resource): string {
  return DECLARED_MODULES[resource] ?? PLAIN_MODULES[resource] ?? 'Records'
}

/** module -> its entities, in the policy's resource order. */
export const MODULES: Readonly<Record<string, readonly Resource[]>> = RESOURCES.reduce<Record<string, Resource[]>>(
  (modules, resource) => {
    ;(modules[moduleOf(resource)] ??= []).push(resource)
    return modules
  },
  {},
)

function holds(grants: readonly RoleGrant[], resource: Resource, action: Action): boolean {
  return grants.some((grant) => grant.resource === resource && grant.actions.includes(action))
}

export function flagsOf(grants: readonly RoleGrant[], resource: Resource): PermissionFlags {
  return {
    create: holds(grants, resource, SHOWN_BY.create),
    view: holds(grants, resource, SHOWN_BY.view),
    update: holds(grants, resource, SHOWN_BY.update),
    delete: holds(grants, resource, SHOWN_BY.delete),
  }
}

/** One role's grants as seed 2's JSON: every module and entity, every flag. */
export function permissionsOf(grants: readonly RoleGrant[]): RolePermissions {
  const view: RolePermissions = {}
  for (const [module, resources] of Object.entries(MODULES)) {
    view[module] = Object.fromEntries(resources.map((resource) => [resource, flagsOf(grants, resource)]))
  }
  return view
}

function withActions(grants: RoleGrant[], resource: Resource, actions: readonly Action[]): RoleGrant[] {
  const index = grants.findIndex((grant) => grant.resource === resource)
  const line = grants[index]
  if (!line) return [...grants, { resource, actions: [...actions], scope: 'all', maskedFields: [], readonlyFields: [] }]
  const merged = { ...line, actions: [...new Set([...line.actions, ...actions])] }
  return grants.map((grant, at) => (at === index ? merged : grant))
}

function withoutActions(grants: RoleGrant[], resource: Resource, actions: readonly Action[]): RoleGrant[] {
  return grants
    .map((grant) =>
      grant.resource === resource
        ? { ...grant, actions: grant.actions.filter((action) => !actions.includes(action)) }
        : grant,
    )
    .filter((grant) => grant.actions.length > 0)
}

/** The grants after setting the given flags on one resource; flags already as asked change nothing. */
export function withFlags(
  grants: readonly RoleGrant[],
  resource: Resource,
  flags: Partial<PermissionFlags>,
): RoleGrant[] {
  let next = [...grants]
  const current = flagsOf(grants, resource)
  for (const flag of PERMISSION_FLAGS) {
    const wanted = flags[flag]
    if (wanted === undefined || wanted === current[flag]) continue
    next = wanted ? withActions(next, resource, GRANTED_BY[flag]) : withoutActions(next, resource, REVOKED_BY[flag])
  }
  return next
}
