import type { Document } from 'mongodb'
import type { Types } from 'mongoose'
import { ROLE_NAMES } from '../access/matrix.js'

// Seed 1's users: the bcrypt hashes are kept as they are (cost 5; login upgrades them to the configured cost), the
// free-text roles are mapped to ours, and `isActive` is not carried over: seed 1 used it for "signed in" (set at login,
// cleared at logout), which says nothing about whether the account may sign in. Every migrated account is enabled.

const ROLE_BY_LOWER = new Map(ROLE_NAMES.map((role) => [role.toLowerCase(), role]))
const ALIASES = new Map([
  ['senioradmin', 'senior admin'],
  ['senior_admin', 'senior admin'],
  ['sr dev', 'srdev'],
  ['hr manager', 'HR'],
])

/** Our role for seed 1's free-text `user_role`, or undefined when there is none (the caller maps it to `user`). */
export function mappedRole(oldRole: unknown): string | undefined {
  if (typeof oldRole !== 'string') return undefined
  const key = oldRole.trim().toLowerCase().replace(/\s+/g, ' ')
  return ROLE_BY_LOWER.get(key) ?? ALIASES.get(key)
}

export interface UserRow {
  _id: Types.ObjectId
  name: string
  email: string
  password: string
  user_role: string
  isActive: true
  tokenVersion: number
  resetPasswordToken: null
  resetPasswordExpires: null
  createdAt: Date
  updatedAt: Date
}

/** Our user for an old one; a reason string when it cannot be one (no email or no password hash). */
export function userRow(old: Document, role: string): UserRow | { skip: string; field: string } {
  if (typeof old.email !== 'string' || old.email.trim() === '') return { skip: 'no email', field: 'email' }
  if (typeof old.password !== 'string' || !old.password.startsWith('$2')) {
    return { skip: 'no bcrypt password hash', field: 'password' }
  }
  const _id = old._id as Types.ObjectId
  const created = old.createdAt instanceof Date ? old.createdAt : _id.getTimestamp()
  return {
    _id,
    name: typeof old.name === 'string' && old.name.trim() !== '' ? old.name.trim() : old.email.trim(),
    email: old.email.trim().toLowerCase(),
    password: old.password,
    user_role: role,
    isActive: true,
    tokenVersion: typeof old.tokenVersion === 'number' ? old.tokenVersion : 0,
    resetPasswordToken: null,
    resetPasswordExpires: null,
    createdAt: created,
    updatedAt: old.updatedAt instanceof Date ? old.updatedAt : created,
  }
}
