import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import { ForbiddenError } from '../errors.js'
import type { ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'
import { boundOf } from './resource-registry.js'
import { referenceValues, singular } from './resource-write-rules.js'

// `access.ownerFrom`: a record belongs to whoever owns the record it references (a deal to its client's owner), so
// a bdm's `own` scope reaches the deals of their clients. While the reference names a record, the owner is
// // server-set (an owner in the input is replaced), copied afresh on every create and update (and on a transition that
// names the reference) from the referenced record as it is then. A change of the referenced record's owner is not
// propagated at once: each record follows on its own next write, whose audit entry shows the new owner (a silent
// mass re-ownership would move records out of people's lists without an entry of theirs).

/** The owner value of the referenced record: the field as stored, or the list of values a path into a list holds. */
async function ownerOfReferenced(bound: Bound, value: unknown): Promise<unknown> {
  const from = bound.def.access.ownerFrom
  const reference = from === undefined ? undefined : bound.def.references?.[from]
  const [named] = referenceValues(value)
  if (!reference || named === undefined) return null
  const target = boundOf(bound.connection, reference.resource)
  const path = target.def.access.owner
  const [head = path] = path.split('.')
  const found = await target.model
    .findOne({ [reference.key ?? '_id']: named }, { [head]: 1 })
    .setOptions({ withTrashed: true })
    .lean<ResourceRecord>()
  if (!found) return undefined
  if (!path.includes('.')) return found[path] ?? null
  const items = Array.isArray(found[head]) ? (found[head] as unknown[]) : [found[head]]
  const rest = path.slice(head.length + 1)
  return items.map((item) => (item as ResourceRecord | null)?.[rest]).filter((each) => each !== undefined)
}

/**
 * The write's input with the owner copied from the referenced record, when the resource declares `ownerFrom` and the
 * write names the reference. An `own`-scoped caller may only write records that stay theirs (403 otherwise), as
 * they may only create records for themselves where the owner is set directly. A reference naming nothing is left
 * for checkReferences to refuse with 400.
 */
export async function withInheritedOwner(
  bound: Bound,
  actor: Actor,
  input: ResourceRecord,
  action: 'create' | 'update',
): Promise<ResourceRecord> {
  const { def } = bound
  const from = def.access.ownerFrom
  if (from === undefined || (action === 'update' && !(from in input))) return input
  // A record naming no referenced record (a deal for a lead only) keeps the owner set as for any resource: the
  // creator, or whoever a caller with the `all` scope names.
  if (input[from] === undefined || input[from] === null) return input
  const owner = await ownerOfReferenced(bound, input[from])
  if (owner === undefined) return input
  const owned = { ...input, [def.access.owner]: owner }
  if (actor.kind === 'user' && !can(actor, action, def.resource, owned)) {
    const what = singular(def.references?.[from]?.resource ?? from)
    throw new ForbiddenError(`You may only write ${def.resource} under a ${what} you own`)
  }
  return owned
}
