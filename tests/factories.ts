import { randomBytes } from 'node:crypto'
import { hashPassword } from '../src/auth/passwords.js'
import { signToken } from '../src/auth/tokens.js'
import type { TestApp } from './setup/app.js'
import { PASSWORD_MARKER } from './setup/secret-patterns.js'

/** A password that satisfies the policy and is recognisable if it ever reaches a log. */
export function newPassword(): string {
  return `${PASSWORD_MARKER}${randomBytes(6).toString('hex')}`
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix.replace(/\W/g, '')}.${randomBytes(4).toString('hex')}@example.com`
}

export interface TestUser {
  id: string
  name: string
  email: string
  password: string
  role: string
  /** A valid token for this user (as a login would return). */
  token: string
}

export interface UserSpec {
  role?: string
  name?: string
  email?: string
  password?: string
  isActive?: boolean
}

/** Stores a user directly (no HTTP) and signs a token for them. */
export async function createUser(t: TestApp, spec: UserSpec = {}): Promise<TestUser> {
  const role = spec.role ?? 'user'
  const password = spec.password ?? newPassword()
  const email = (spec.email ?? uniqueEmail(role)).toLowerCase()
  const name = spec.name ?? `Test ${role}`
  const user = await t.context.models.users.create({
    name,
    email,
    password: await hashPassword(password, t.config.bcryptCost),
    user_role: role,
    isActive: spec.isActive ?? true,
  })
  const id = String(user._id)
  return { id, name, email, password, role, token: signToken(t.config, { userId: id, user_role: role, tv: 0 }) }
}

/** Reads a user with every secret field, for assertions about what was stored. */
export async function storedUser(t: TestApp, id: string) {
  return t.context.models.users
    .findById(id)
    .select('+password +tokenVersion +resetPasswordToken +resetPasswordExpires')
    .lean()
}
