import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { can, forbiddenUpdateFields } from '../access/policy.js'
import { auditedWrite, type WriteHooks } from '../audit/audited-write.js'
import type { AuditAction } from '../audit/audit-entry.js'
import { diffRecords, sameValue } from '../audit/changes.js'
import { readHistory, snapshotAt } from '../audit/history.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js'
import type { WriteKind } from '../notifications/domain-events.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { atRevision, revisionOf } from './plugins/revision.js'
import { insertNew } from './insert-new.js'
import { withInheritedOwner } from './owner-from.js'
import { withOwnerName } from './owner-name.js'
import { TRASH_FIELDS } from './plugins/trash.js'
import { present } from './resource-access.js'
import { RevisionMismatchError } from './resource-errors.js'
import { findForAction, type Bound } from './resource-reads.js'
import { searchGramsOf } from './search-index.js'
import { checkKeyChange } from './resource-referrers.js'
import {
  checkRecord,
  checkRevision,
  checkedInternal,
  definedOnly,
  verifyRecord,
  withDerived,
  withOwner,
} from './resource-record-checks.js'
import { checkOwnerEditable, checkReferences, checkUniqueValues } from './resource-write-rules.js'

// The record checks live in resource-record-checks.ts; re-exported so importers keep one entry point for writes.
export { checkRecord, checkRevision, checkedInternal, definedOnly, verifyRecord } from './resource-record-checks.js'

export interface WriteOptions {
  /** Why: stored on the audit entry (and as the trash reason). */
  reason?: string | null | undefined
  /** The revision the caller last read (If-Match); any other current revision is 412 and nothing changes. */
  ifRevision?: number | undefined
  /** Test fault points. */
  hooks?: WriteHooks | undefined
  /** Refuse an update that changes nothing (seed 1's "No changes detected"). */
  requireChange?: boolean | undefined
  /** Values of declared `internalFields` (stored files, links...), set by server code only, never from a body. */
  internal?: ResourceRecord | undefined
  /** The bulk import this write belongs to: stored on its audit entry (`importId`). */
  importId?: string | undefined
  /**
   * Create only: run every check (schema, owner, cross-field rules, references, unique values already stored) and
   * return without writing.
   */
  dryRun?: boolean | undefined
  /** Create only: the new record's id, when the caller must know it before the write (a settlement hold). */
  id?: Types.ObjectId | undefined
}

export async function create(
  bound: Bound,
  actor: Actor,
  raw: unknown,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  const { def, model } = bound
  if (!can(actor, 'create', def.resource)) throw new ForbiddenError(`You may not create ${def.resource}`)
  const parsed = definedOnly(def.input.parse(raw))
  // The creator owns it (or whoever an `all`-scoped caller names), unless it inherits its reference's owner.
  const owned = await withInheritedOwner(bound, actor, withOwner(def, actor, parsed), 'create')
  const input = await withOwnerName(bound, actor, { ...owned, ...checkedInternal(def, options.internal) })
  // A workflow's state is not input: every record starts in the declared initial state.
  if (def.workflow) input[def.workflow.field] = def.workflow.initial
  if (def.actorField !== undefined) input[def.actorField] = actor.kind === 'user' ? actor.id : null
  const _id = options.id ?? new Types.ObjectId()
  const document = new model({ ...input, _id, _rev: 1 })
  const record = withDerived(def, document.toObject())
  checkRecord(def, record)
  for (const field of def.derived?.fields ?? []) document.set(field, record[field])
  await document.validate()
  await checkReferences(bound, input)
  await verifyRecord(bound, record)
  if (options.dryRun === true) {
    await checkUniqueValues(bound, record)
    return present(def, actor, record)
  }
  // Issued last, once everything else passed, so a refused create consumes no number.
  if (def.assignOnCreate) {
    const assigned = await def.assignOnCreate(document.toObject(), bound.connection)
    document.set(assigned)
    await document.validate(Object.keys(assigned))
  }
  // One copy of the finished record serves the grams and the audit diff (each copy is a full mongoose clone).
  const finished = document.toObject()
  const grams = searchGramsOf(def, finished)
  document.set(grams)
  const saved = await auditedWrite({
    audit: bound.audit,
    enabled: def.audit,
    resource: def.resource,
    documentId: _id,
    revision: 1,
    action: 'create',
    actor,
    reason: options.reason,
    importId: options.importId,
    changes: diffRecords(undefined, { ...finished, ...grams }, def.auditPaths),
    hooks: options.hooks,
    // Every path was validated above and nothing changed since but the assigned ones, validated with them: a second
    // full validation on save cost a create as much as the first. Stored in the collection's insert batches.
    write: () => insertNew(def.resource, document),
  })
  if (!saved) throw new RevisionMismatchError()
  await bound.notifier?.afterCommit({ def, actor, kind: 'created', before: null, after: saved })
  return present(def, actor, saved)
}

/** Declared business fields whose merged value differs from the stored one. */
function changedFields(def: ResourceDefinition, current: ResourceRecord, merged: ResourceRecord): ResourceRecord {
  const set: ResourceRecord = {}
  for (const path of def.auditPaths) {
    if ((TRASH_FIELDS as readonly string[]).includes(path)) continue
    if (!sameValue(current[path], merged[path])) set[path] = merged[path] ?? null
  }
  return set
}

/** Declared immutable fields and frozen records refuse changes whichever door they come through. */
function refuseLockedChanges(def: ResourceDefinition, current: ResourceRecord, set: ResourceRecord): void {
  if (Object.keys(set).length === 0) return
  const frozen = def.frozen?.(current) ?? null
  if (frozen !== null) throw new ConflictError(frozen)
  const locked = (def.immutable ?? []).filter((field) => field in set)
  if (locked.length > 0) {
    throw new ValidationError(
      'Invalid input',
      locked.map((path) => ({ path, message: 'cannot change after creation' })),
    )
  }
}

export async function applyChanges(
  bound: Bound,
  actor: Actor,
  current: ResourceRecord,
  input: ResourceRecord,
  action: 'update' | 'restore-revision',
  options: WriteOptions,
): Promise<ResourceRecord> {
  const { def } = bound
  checkRevision(current, options.ifRevision)
  // An inherited owner is copied afresh on every update, so a record follows its client's owner from its next write.
  const from = def.access.ownerFrom
  const withReference =
    from !== undefined && !(from in input) && current[from] != null ? { ...input, [from]: current[from] } : input
  const owned = await withInheritedOwner(bound, actor, withReference, 'update')
  const named = await withOwnerName(bound, actor, owned, current)
  const merged = withDerived(def, { ...current, ...named })
  checkRecord(def, merged)
  await verifyRecord(bound, merged)
  const set = changedFields(def, current, merged)
  refuseLockedChanges(def, current, set)
  const refused = forbiddenUpdateFields(actor, def.resource).filter((field) => field in set)
  if (refused.length > 0) {
    throw new ForbiddenError(`You may not change ${refused.join(', ')}`)
  }
  if (Object.keys(set).length === 0) {
    if (options.requireChange === true) throw new ValidationError('No changes detected')
    return present(def, actor, current)
  }
  await checkReferences(bound, set, current)
  await checkKeyChange(bound, current, set)
  return writeState(bound, actor, current, set, {
    action,
    condition: { deletedAt: null },
    options,
    validate: true,
    // Putting an old revision back is a correction, not news: only plain updates are announced.
    announce: action === 'update' ? 'updated' : undefined,
  })
}

/** The conditional, audited `$set` every update, trash and restore goes through. */
export async function writeState(
  bound: Bound,
  actor: Actor,
  current: ResourceRecord,
  set: ResourceRecord,
  how: {
    action: AuditAction
    condition: Record<string, unknown>
    options: WriteOptions
    validate?: boolean
    /** The declared events this write may fire once committed (none for trash, restore and internal writes). */
    announce?: WriteKind | undefined
    /** Further operators applied in the same atomic write to unaudited bookkeeping fields (e.g. a `$pull`). */
    also?: Record<string, unknown> | undefined
  },
): Promise<ResourceRecord> {
  const revision = revisionOf(current)
  const _id = current._id as Types.ObjectId
  const result = await auditedWrite({
    audit: bound.audit,
    enabled: bound.def.audit,
    resource: bound.def.resource,
    documentId: _id,
    revision: revision + 1,
    action: how.action,
    actor,
    reason: how.options.reason,
    importId: how.options.importId,
    changes: diffRecords(current, { ...current, ...set }, Object.keys(set)),
    hooks: how.options.hooks,
    write: () =>
      bound.model
        .findOneAndUpdate(
          { _id, ...atRevision(revision), ...how.condition },
          {
            ...how.also,
            $set: { ...set, ...searchGramsOf(bound.def, { ...current, ...set }, set), _rev: revision + 1 },
          },
          {
            returnDocument: 'after',
            runValidators: how.validate === true,
            withTrashed: true,
          },
        )
        .lean<ResourceRecord>(),
  })
  if (!result) throw new RevisionMismatchError()
  if (how.announce !== undefined) {
    await bound.notifier?.afterCommit({ def: bound.def, actor, kind: how.announce, before: current, after: result })
  }
  return present(bound.def, actor, result)
}

export async function update(
  bound: Bound,
  actor: Actor,
  id: string,
  raw: unknown,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  if (!can(actor, 'update', bound.def.resource)) throw new ForbiddenError(`You may not update ${bound.def.resource}`)
  const input = { ...definedOnly(bound.def.updateInput.parse(raw)), ...checkedInternal(bound.def, options.internal) }
  const current = await findForAction(bound, actor, id, 'update')
  checkOwnerEditable(bound.def, actor, current)
  return applyChanges(bound, actor, current, input, 'update', options)
}

/** A new, audited change that puts the business fields back as they were at `revision`. */
export async function restoreRevision(
  bound: Bound,
  actor: Actor,
  id: string,
  revision: number,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  if (!can(actor, 'history', bound.def.resource))
    throw new ForbiddenError(`You may not restore ${bound.def.resource} history`)
  const current = await findForAction(bound, actor, id, 'update')
  checkOwnerEditable(bound.def, actor, current)
  const snapshot = snapshotAt(
    await readHistory(bound.audit, bound.def.resource, current._id as Types.ObjectId),
    revision,
  )
  if (!snapshot) throw new NotFoundError(`Revision ${revision} not found`)
  const input = Object.fromEntries(Object.keys(bound.def.input.shape).map((field) => [field, snapshot[field] ?? null]))
  const reason = options.reason ?? `restored to revision ${revision}`
  return applyChanges(bound, actor, current, input, 'restore-revision', { ...options, reason })
}
