import type { Actor } from '../access/actor.js'
import { can, forbiddenUpdateFields, maskedFields } from '../access/policy.js'
import { ForbiddenError } from '../errors.js'
import type { ResourceRecord } from './define-resource.js'
import { findForAction, type Bound } from './resource-reads.js'
import { checkOwnerEditable, checkReferences } from './resource-write-rules.js'
import { applyChanges, checkedInternal, definedOnly, type WriteOptions } from './resource-writes.js'

// Seed 2's `PUT /:id`: a full update. The body is validated with the create schema (a missing required field is a
// 400 naming it), and every input field the body leaves out goes back to its declared default (or empty), as if
// the record were written anew. Fields that are not input (derived, internal, workflow state, issued numbers)
// are never touched, and neither are input fields the caller could not have sent back faithfully: the owner and
// the owner's name (ownership is not part of the record's content), fields masked for the caller (they read the
// mask, not the value), fields read-only for the caller, and fields immutable after creation. Revision, If-Match
// and audit are those of PATCH: it ends in the same audited update.

/** The value a field takes on a new record: its declared default, or null when it has none. */
function defaultsOf(bound: Bound): ResourceRecord {
  return new bound.model({}).toObject<ResourceRecord>()
}

function keptWhenAbsent(bound: Bound, actor: Actor): Set<string> {
  const { def } = bound
  return new Set([
    def.access.owner,
    ...(def.ownerName === undefined ? [] : [def.ownerName]),
    ...(def.immutable ?? []),
    ...maskedFields(actor, def.resource),
    ...forbiddenUpdateFields(actor, def.resource),
  ])
}

export async function replace(
  bound: Bound,
  actor: Actor,
  id: string,
  raw: unknown,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  const { def } = bound
  if (!can(actor, 'update', def.resource)) throw new ForbiddenError(`You may not update ${def.resource}`)
  const given = definedOnly(def.input.parse(raw))
  const current = await findForAction(bound, actor, id, 'update')
  checkOwnerEditable(def, actor, current)
  const defaults = defaultsOf(bound)
  const kept = keptWhenAbsent(bound, actor)
  const reset: ResourceRecord = {}
  for (const field of Object.keys(def.input.shape)) {
    if (field in given || kept.has(field)) continue
    reset[field] = defaults[field] ?? null
  }
  const input = { ...reset, ...given, ...checkedInternal(def, options.internal) }
  await checkReferences(bound, input)
  return applyChanges(bound, actor, current, input, 'update', options)
}
