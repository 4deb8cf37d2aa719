import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { scopeOf } from '../access/policy.js'
import { ValidationError } from '../errors.js'
import type { ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'

// A record's owner name (a booking's `bdm`) is what reports and the `bdmName` filter trust, so it is never the
// client's word: it is copied from the owner user's stored name on every write, whichever door it came through.
// Seed 1 took it from the body (seed-systems §2.11.4), so a bdm could credit a booking to someone else.

/** Actors with the `all` scope for this write (and our own jobs) may set the owner and the name together. */
function setsBoth(bound: Bound, actor: Actor, input: ResourceRecord, action: 'create' | 'update'): boolean {
  const ownerField = bound.def.access.owner
  const field = bound.def.ownerName
  if (field === undefined || !(ownerField in input) || !(field in input)) return false
  return scopeOf(actor, action, bound.def.resource) === 'all'
}

async function nameOf(bound: Bound, ownerId: unknown, ownerField: string): Promise<string> {
  const id = typeof ownerId === 'string' && Types.ObjectId.isValid(ownerId) ? new Types.ObjectId(ownerId) : undefined
  const user = id ? await bound.connection.collection('users').findOne({ _id: id }, { projection: { name: 1 } }) : null
  if (typeof user?.name !== 'string') {
    throw new ValidationError('Invalid input', [{ path: ownerField, message: 'is not a known user' }])
  }
  return user.name
}

/** The input with the owner name filled in from the owner user (or kept, when the owner is unchanged and unnamed). */
export async function withOwnerName(
  bound: Bound,
  actor: Actor,
  input: ResourceRecord,
  current?: ResourceRecord,
): Promise<ResourceRecord> {
  const field = bound.def.ownerName
  if (field === undefined) return input
  const ownerField = bound.def.access.owner
  if (setsBoth(bound, actor, input, current ? 'update' : 'create')) return input
  const ownerChanged = current === undefined || (ownerField in input && input[ownerField] !== current[ownerField])
  // Forms send every field back: an unchanged name on an unchanged owner is not a claim, so it is left alone.
  if (!ownerChanged && (!(field in input) || input[field] === current[field])) return input
  const owner = input[ownerField] ?? current?.[ownerField]
  return { ...input, [field]: await nameOf(bound, owner, ownerField) }
}
