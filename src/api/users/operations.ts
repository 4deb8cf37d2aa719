import type { Actor } from '../../access/actor.js'
import { applyMask, can, holdsAll, scopeFilter } from '../../access/policy.js'
import type { Action } from '../../access/matrix.js'
import type { AppContext } from '../../app-context.js'
import { hashPassword } from '../../auth/passwords.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js'
import type { User, UserDocument } from '../../models/user.js'
import { escapeRegex, parseId } from '../params.js'
import type { UserCreate, UserUpdate } from './schemas.js'

// User management shared by /api/v1/users and the legacy /user routes: the policy is checked here, below both doors.

export type PublicUser = Record<string, unknown>

function assertCan(actor: Actor, action: Action, record?: Record<string, unknown>): void {
  if (!can(actor, action, 'users', record)) throw new ForbiddenError()
}

function publicUser(actor: Actor, user: UserDocument): PublicUser {
  return applyMask(actor, 'users', user.toJSON() as unknown as PublicUser)
}

/**
 * The privilege-subset rule (src/access/policy.ts `holdsAll`): a role may only be given, and an account holding it
 * only be edited, reset or deactivated, by someone who holds every right of that role. A dev can then neither
 * promote anyone (themselves included) above dev nor take over a senior admin's account by setting its password.
 */
async function assertMayAssign(context: AppContext, actor: Actor, roleName: string, path: string): Promise<void> {
  const grants = await context.roleCache.grantsOf(roleName)
  if (!grants) throw new ValidationError('Unknown role', [{ path, message: `"${roleName}" is not a known role` }])
  if (!holdsAll(actor, grants)) {
    throw new ForbiddenError(
      `The role "${roleName}" holds rights you do not have: you may not give it or act on its accounts`,
    )
  }
}

/** A role change of one's own account is never self-service, even to a weaker role: another administrator decides. */
function assertNoSelfRoleChange(actor: Actor, user: UserDocument, input: UserUpdate): void {
  if (actor.kind !== 'user' || actor.id !== String(user._id)) return
  if (input.user_role !== undefined && input.user_role !== user.user_role) {
    throw new ForbiddenError('You cannot change your own role')
  }
}

async function findVisible(context: AppContext, actor: Actor, id: string, action: Action): Promise<UserDocument> {
  const filter = scopeFilter(actor, 'users', action)
  if (filter === null) throw new ForbiddenError()
  const user = await context.models.users.findOne({ ...filter, _id: parseId(id, 'User not found') })
  if (!user) throw new NotFoundError('User not found')
  return user
}

export async function listUsers(
  context: AppContext,
  actor: Actor,
  query: { page: number; limit: number; q?: string | undefined; isActive?: 'true' | 'false' | undefined },
): Promise<{ items: PublicUser[]; total: number }> {
  const filter = scopeFilter(actor, 'users')
  if (filter === null) throw new ForbiddenError()
  const where: Record<string, unknown> = { ...filter }
  if (query.q) {
    const pattern = new RegExp(escapeRegex(query.q), 'i')
    where.$or = [{ name: pattern }, { email: pattern }]
  }
  if (query.isActive) where.isActive = query.isActive === 'true'
  const [items, total] = await Promise.all([
    context.models.users
      .find(where)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit),
    context.models.users.countDocuments(where),
  ])
  return { items: items.map((user) => publicUser(actor, user)), total }
}

export async function getUser(context: AppContext, actor: Actor, id: string): Promise<PublicUser> {
  assertCan(actor, 'read')
  return publicUser(actor, await findVisible(context, actor, id, 'read'))
}

export async function createUser(context: AppContext, actor: Actor, input: UserCreate): Promise<PublicUser> {
  assertCan(actor, 'create')
  await assertMayAssign(context, actor, input.user_role, 'user_role')
  if (await context.models.users.exists({ email: input.email })) {
    throw new ConflictError('Email is already registered', [{ path: 'email', message: 'is already registered' }])
  }
  const password = await hashPassword(input.password, context.config.bcryptCost)
  const user = await context.models.users.create({ ...input, password })
  context.logger.info('user created', { userId: String(user._id), role: user.user_role })
  return publicUser(actor, user)
}

export async function updateUser(
  context: AppContext,
  actor: Actor,
  id: string,
  input: UserUpdate,
): Promise<PublicUser> {
  assertCan(actor, 'update')
  const user = await findVisible(context, actor, id, 'update')
  assertNoSelfRoleChange(actor, user, input)
  await assertMayAssign(context, actor, user.user_role, 'user_role')
  if (input.user_role !== undefined) await assertMayAssign(context, actor, input.user_role, 'user_role')
  if (
    input.email !== undefined &&
    input.email !== user.email &&
    (await context.models.users.exists({ email: input.email }))
  ) {
    throw new ConflictError('Email is already registered', [{ path: 'email', message: 'is already registered' }])
  }
  const changes: Partial<User> = { ...stripUndefined(input) }
  if (input.password !== undefined) changes.password = await hashPassword(input.password, context.config.bcryptCost)
  const revoke = input.password !== undefined || input.isActive === false
  if (input.isActive === false) assertNotSelf(actor, id)
  const updated = await context.models.users.findByIdAndUpdate(
    user._id,
    { $set: changes, ...(revoke ? { $inc: { tokenVersion: 1 } } : {}) },
    { returnDocument: 'after', runValidators: true },
  )
  if (!updated) throw new NotFoundError('User not found')
  context.principals.invalidate(id)
  context.logger.info('user updated', { userId: id, fields: Object.keys(changes) })
  return publicUser(actor, updated)
}

/** Users are never deleted: deactivation keeps their history and revokes their tokens. */
export async function deactivateUser(context: AppContext, actor: Actor, id: string): Promise<PublicUser> {
  assertCan(actor, 'trash')
  const user = await findVisible(context, actor, id, 'trash')
  await assertMayAssign(context, actor, user.user_role, 'user_role')
  assertNotSelf(actor, id)
  const updated = await context.models.users.findByIdAndUpdate(
    user._id,
    { $set: { isActive: false }, $inc: { tokenVersion: 1 } },
    { returnDocument: 'after' },
  )
  if (!updated) throw new NotFoundError('User not found')
  context.principals.invalidate(id)
  context.logger.info('user deactivated', { userId: id })
  return publicUser(actor, updated)
}

function assertNotSelf(actor: Actor, id: string): void {
  // Deactivating yourself would lock the last administrator out; another administrator must do it.
  if (actor.kind === 'user' && actor.id === id) throw new ConflictError('You cannot deactivate your own account')
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>
}
