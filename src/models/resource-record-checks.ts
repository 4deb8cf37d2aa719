import type { Actor } from '../access/actor.js'
import { forbiddenUpdateFields, scopeOf } from '../access/policy.js'
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { revisionOf } from './plugins/revision.js'
import { RevisionMismatchError } from './resource-errors.js'
import type { Bound } from './resource-reads.js'

// The checks a write runs on the record it is about to store, before any database write: internal values, the
// revision the caller read, declared cross-field and cross-record rules, and who may own a new record.

/** Internal values, refused unless every key is a declared internal field (a programming error, not bad input). */
export function checkedInternal(def: ResourceDefinition, values: ResourceRecord | undefined): ResourceRecord {
  if (!values) return {}
  const allowed = new Set(def.internalFields ?? [])
  const unknown = Object.keys(values).filter((key) => !allowed.has(key))
  if (unknown.length > 0) throw new Error(`${def.name}: ${unknown.join(', ')} not declared internal`)
  return values
}

export function checkRevision(current: ResourceRecord, expected: number | undefined): number {
  const revision = revisionOf(current)
  if (expected !== undefined && expected !== revision) throw new RevisionMismatchError(revision)
  return revision
}

export function withDerived(def: ResourceDefinition, record: ResourceRecord): ResourceRecord {
  return def.derived ? { ...record, ...def.derived.compute(record) } : record
}

export function checkRecord(def: ResourceDefinition, record: ResourceRecord): void {
  const problems = def.check?.(record) ?? []
  if (problems.length > 0) throw new ValidationError('Invalid input', problems)
}

/** The declared rules that must look at other records (overlapping leaves); 409 naming the fields. */
export async function verifyRecord(bound: Bound, record: ResourceRecord): Promise<void> {
  const problems = (await bound.def.verify?.(record, bound.connection)) ?? []
  if (problems.length > 0) throw new ConflictError('Conflicts with existing records', problems)
}

export function definedOnly(input: Record<string, unknown>): ResourceRecord {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
}

/** The owner of a new record: an `own`-scoped creator may only create for themselves. */
export function withOwner(def: ResourceDefinition, actor: Actor, input: ResourceRecord): ResourceRecord {
  const ownerField = def.access.owner
  if (!(ownerField in def.fields) || actor.kind !== 'user') return input
  const given = input[ownerField]
  const selfService = scopeOf(actor, 'create', def.resource) === 'own'
  if (selfService && given !== undefined && given !== actor.id) {
    throw new ForbiddenError(`You may only create ${def.resource} for yourself`)
  }
  // Nor may they set what they could not change afterwards (who manages them, on their own employee profile).
  const locked = selfService
    ? forbiddenUpdateFields(actor, def.resource).filter((f) => f !== ownerField && f in input)
    : []
  if (locked.length > 0) throw new ForbiddenError(`You may not set ${locked.join(', ')}`)
  return { ...input, [ownerField]: given ?? actor.id }
}
