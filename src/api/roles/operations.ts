import type { Actor } from '../../access/actor.js'
import type { Action, RoleGrant } from '../../access/matrix.js'
import { can, holdsAll } from '../../access/policy.js'
import type { AppContext } from '../../app-context.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js'
import type { RoleDocument } from '../../models/role.js'
import { parseId } from '../params.js'
import { auditedRoleLifecycle, auditedRoleUpdate } from './audited-role-write.js'
import type { RoleCreate, RoleUpdate } from './schemas.js'

/** srdev is the role that can repair every other one; editing or deleting it could lock everybody out. */
const PROTECTED_ROLE = 'srdev'

function assertCan(actor: Actor, action: Action): void {
  if (!can(actor, action, 'roles')) throw new ForbiddenError()
}

/** A role can only hand out a subset of its own rights, in the matrix as for users (policy.ts `holdsAll`). */
function assertHolds(actor: Actor, grants: readonly RoleGrant[] | undefined): void {
  if (grants !== undefined && !holdsAll(actor, grants)) {
    throw new ForbiddenError('These grants hold rights you do not have')
  }
}

async function findRole(context: AppContext, id: string): Promise<RoleDocument> {
  const role = await context.models.roles.findById(parseId(id, 'Role not found'))
  if (!role) throw new NotFoundError('Role not found')
  return role
}

/** Every cached grant may be stale after a role write. */
function invalidate(context: AppContext): void {
  context.roleCache.invalidate()
  context.principals.invalidate()
}

export async function listRoles(context: AppContext, actor: Actor): Promise<unknown[]> {
  assertCan(actor, 'read')
  const roles = await context.models.roles.find().sort({ name: 1 })
  return roles.map((role) => role.toJSON())
}

export async function getRole(context: AppContext, actor: Actor, id: string): Promise<unknown> {
  assertCan(actor, 'read')
  return (await findRole(context, id)).toJSON()
}

export async function createRole(context: AppContext, actor: Actor, input: RoleCreate): Promise<unknown> {
  assertCan(actor, 'create')
  assertHolds(actor, input.grants)
  if (await context.models.roles.exists({ name: input.name })) {
    throw new ConflictError('A role with this name exists', [{ path: 'name', message: 'is already taken' }])
  }
  const role = new context.models.roles({ ...input, _rev: 1 })
  await role.validate()
  await auditedRoleLifecycle(context, actor, role.toObject(), 'create', () => role.save())
  invalidate(context)
  context.logger.info('role created', { role: role.name })
  return role.toJSON()
}

/**
 * May the actor change this role's grants to these? Not srdev's role (403), and only between grants the actor holds
 * (the privilege-subset rule, both before and after). Exported so a change of several roles checks them all first.
 */
export function checkRoleChange(
  actor: Actor,
  role: { readonly name: string; readonly grants: readonly RoleGrant[] },
  grants: readonly RoleGrant[] | undefined,
): void {
  assertCan(actor, 'update')
  if (role.name === PROTECTED_ROLE) throw new ForbiddenError('The srdev role cannot be changed')
  assertHolds(actor, role.grants)
  assertHolds(actor, grants)
}

export async function updateRole(context: AppContext, actor: Actor, id: string, input: RoleUpdate): Promise<unknown> {
  assertCan(actor, 'update')
  const role = await findRole(context, id)
  checkRoleChange(actor, role, input.grants)
  const current = role.toObject()
  await auditedRoleUpdate(context, actor, current, {
    description: input.description ?? current.description,
    grants: input.grants ?? current.grants,
  })
  invalidate(context)
  context.logger.info('role updated', { role: role.name })
  return (await findRole(context, id)).toJSON()
}

export async function deleteRole(context: AppContext, actor: Actor, id: string): Promise<unknown> {
  assertCan(actor, 'destroy')
  const role = await findRole(context, id)
  if (role.name === PROTECTED_ROLE) throw new ForbiddenError('The srdev role cannot be deleted')
  const holders = await context.models.users.countDocuments({ user_role: role.name })
  if (holders > 0) {
    throw new ConflictError(`${holders} user(s) still have this role`, [{ path: 'name', message: 'is in use' }])
  }
  await auditedRoleLifecycle(context, actor, role.toObject(), 'destroy', () =>
    context.models.roles.deleteOne({ _id: role._id }),
  )
  invalidate(context)
  context.logger.info('role deleted', { role: role.name })
  return role.toJSON()
}
