import type { Actor } from '../../access/actor.js'
import { isResource, type RoleGrant } from '../../access/matrix.js'
import { MODULES, permissionsOf, withFlags, type RolePermissions } from '../../access/permissions-view.js'
import type { AppContext } from '../../app-context.js'
import { NotFoundError, ValidationError, type FieldProblem } from '../../errors.js'
import { checkRoleChange, listRoles, updateRole } from '../roles/operations.js'
import type { PermissionsUpdate } from './schemas.js'

// /api/v1/permissions reads and writes the roles collection through the roles operations, so a permissions change
// is a roles update in every respect: who may (read / update on `roles`), the privilege-subset rule, srdev's role
// being untouchable, the audit entry, the caches.

interface StoredRole {
  readonly _id: unknown
  readonly name: string
  readonly grants: RoleGrant[]
}

async function roles(context: AppContext, actor: Actor): Promise<StoredRole[]> {
  return (await listRoles(context, actor)) as StoredRole[]
}

export async function readPermissions(context: AppContext, actor: Actor): Promise<Record<string, RolePermissions>> {
  const all = await roles(context, actor)
  return Object.fromEntries(all.map((role) => [role.name, permissionsOf(role.grants)]))
}

export async function readRolePermissions(context: AppContext, actor: Actor, name: string): Promise<RolePermissions> {
  const role = (await roles(context, actor)).find((each) => each.name === name)
  if (!role) throw new NotFoundError('Role not found')
  return permissionsOf(role.grants)
}

/** Every unknown role, module and entity of the body, by its path. */
function unknownNames(body: PermissionsUpdate, known: ReadonlyMap<string, StoredRole>): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const [roleName, modules] of Object.entries(body)) {
    if (!known.has(roleName)) problems.push({ path: roleName, message: 'is not a role' })
    for (const [module, entities] of Object.entries(modules)) {
      const inModule = MODULES[module]
      if (!inModule) {
        problems.push({
          path: `${roleName}.${module}`,
          message: `is not a module (${Object.keys(MODULES).join(', ')})`,
        })
        continue
      }
      for (const entity of Object.keys(entities)) {
        if (!(inModule as readonly string[]).includes(entity)) {
          problems.push({ path: `${roleName}.${module}.${entity}`, message: `is not an entity of ${module}` })
        }
      }
    }
  }
  return problems
}

function grantsAfter(role: StoredRole, modules: PermissionsUpdate[string]): RoleGrant[] {
  let grants = role.grants
  for (const entities of Object.values(modules)) {
    for (const [entity, flags] of Object.entries(entities)) {
      if (isResource(entity)) grants = withFlags(grants, entity, flags)
    }
  }
  return grants
}

/**
 * Applies the flags the body sets; roles whose grants come out the same are not written. Every name is checked
 * and every change is checked (srdev's role, the subset rule) before anything is written; each changed role is
 * then a roles update.
 */
export async function updatePermissions(
  context: AppContext,
  actor: Actor,
  body: PermissionsUpdate,
): Promise<{ permissions: Record<string, RolePermissions>; changed: string[] }> {
  const known = new Map((await roles(context, actor)).map((role) => [role.name, role]))
  const problems = unknownNames(body, known)
  if (problems.length > 0) throw new ValidationError('Unknown names in the permissions', problems)
  const changes = Object.entries(body).flatMap(([name, modules]) => {
    const role = known.get(name)
    if (!role) return []
    const grants = grantsAfter(role, modules)
    return JSON.stringify(grants) === JSON.stringify(role.grants) ? [] : [{ role, grants }]
  })
  for (const { role, grants } of changes) checkRoleChange(actor, role, grants)
  for (const { role, grants } of changes) await updateRole(context, actor, String(role._id), { grants })
  return { permissions: await readPermissions(context, actor), changed: changes.map(({ role }) => role.name) }
}
