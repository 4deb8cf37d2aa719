import type { Types } from 'mongoose'
import { describeActor, type Actor, type JobActor } from '../access/actor.js'
import { auditedWrite } from '../audit/audited-write.js'
import { diffRecords } from '../audit/changes.js'
import { ConflictError, NotFoundError, type FieldProblem } from '../errors.js'
import type { ResourceRecord } from './define-resource.js'
import { atRevision, revisionOf } from './plugins/revision.js'
import { LegalHoldError, ReferencedError, RevisionMismatchError } from './resource-errors.js'
import { findForAction, type Bound } from './resource-reads.js'
import { destroyPlan } from './resource-referrers.js'
import { checkRestorable } from './resource-write-rules.js'
import { checkRevision, writeState, type WriteOptions } from './resource-writes.js'

/** Who trashed it, as stored on the document: the user's id, or the job/webhook/system label. */
function deleterOf(actor: Actor): string {
  return actor.kind === 'user' ? actor.id : describeActor(actor)
}

export async function trash(
  bound: Bound,
  actor: Actor,
  id: string,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  const current = await findForAction(bound, actor, id, 'trash')
  checkRevision(current, options.ifRevision)
  // A frozen record (an issued tax invoice) is not withdrawn by trashing it either.
  const frozen = bound.def.frozen?.(current) ?? null
  if (frozen !== null) throw new ConflictError(frozen)
  const set = { deletedAt: new Date(), deletedBy: deleterOf(actor), deleteReason: options.reason ?? null }
  return writeState(bound, actor, current, set, { action: 'trash', condition: { deletedAt: null }, options })
}

/** Brings a trashed document back with the same `_id`. */
export async function restore(
  bound: Bound,
  actor: Actor,
  id: string,
  options: WriteOptions = {},
): Promise<ResourceRecord> {
  const current = await findForAction(bound, actor, id, 'restore', 'trashed')
  checkRevision(current, options.ifRevision)
  await checkRestorable(bound, current)
  const set = { deletedAt: null, deletedBy: null, deleteReason: null }
  return writeState(bound, actor, current, set, { action: 'restore', condition: { deletedAt: { $ne: null } }, options })
}

export function isOnLegalHold(bound: Bound, record: ResourceRecord): boolean {
  return bound.def.trash.legalHold?.(record) === true
}

/**
 * Permanent delete: trashed documents only, never under legal hold, never while other records name it (unless their
 * references cascade: those records are destroyed first, each with its own entry). The entry keeps every last value.
 */
export async function destroy(bound: Bound, actor: Actor, id: string, options: WriteOptions = {}): Promise<void> {
  const { def } = bound
  const current = await findForAction(bound, actor, id, 'destroy', 'any')
  if (current.deletedAt === null || current.deletedAt === undefined) {
    throw new ConflictError(`Move this ${def.name.toLowerCase()} to the trash before deleting it permanently`)
  }
  if (isOnLegalHold(bound, current)) {
    throw new LegalHoldError(`This ${def.name.toLowerCase()} is on legal hold and cannot be deleted permanently`)
  }
  checkRevision(current, options.ifRevision)
  const cascade = await destroyPlan(bound, current)
  // Referrers first: if the run stops half-way, what is left still names only records that exist.
  const reason = `cascade: ${def.resource} ${id} deleted permanently`
  for (const step of cascade) await destroyRecord(step.bound, actor, step.record, { reason }, false)
  await destroyRecord(bound, actor, current, options, true)
}

/** One audited, revision-conditioned delete (of a trashed document only, unless a cascade takes a live one). */
async function destroyRecord(
  bound: Bound,
  actor: Actor,
  current: ResourceRecord,
  options: WriteOptions,
  trashedOnly: boolean,
): Promise<void> {
  const revision = revisionOf(current)
  const _id = current._id as Types.ObjectId
  const done = await auditedWrite({
    audit: bound.audit,
    enabled: bound.def.audit,
    resource: bound.def.resource,
    documentId: _id,
    revision: revision + 1,
    action: 'destroy',
    actor,
    reason: options.reason,
    importId: options.importId,
    changes: diffRecords(current, undefined, bound.def.auditPaths),
    hooks: options.hooks,
    write: async () => {
      const condition = trashedOnly ? { deletedAt: { $ne: null } } : {}
      const result = await bound.model.deleteOne({ _id, ...atRevision(revision), ...condition })
      return result.deletedCount === 1 ? true : null
    },
  })
  if (!done) throw new RevisionMismatchError()
}

export const PURGE_JOB: JobActor = Object.freeze({ kind: 'job', name: 'trash.purge' })

export interface PurgeOptions {
  /** Documents looked at per batch (default 100). */
  batchSize?: number
  /** Checked between batches: an aborted purge stops there; the next run carries on. */
  signal?: AbortSignal
  /** Runs after each batch with its outcome (the job renews its lock and counts progress here). */
  afterBatch?: (batch: PurgeOutcome) => Promise<void>
  /** Told of each record left in the trash because other records still name it (the job logs it). */
  onReferenced?: (id: string, referrers: readonly FieldProblem[]) => void
}

export interface PurgeOutcome {
  purged: number
  held: number
  /** Left in the trash because other records name them (see resource-referrers.ts). */
  referenced: number
}

type Row = { _id: Types.ObjectId }

/**
 * Destroys one batch. Legal holds and records still named by others are counted (and the latter reported); a
 * document changed, restored or claimed by another writer meanwhile (revision mismatch, gone, no longer trashed) is
 * left for the next run; anything else stops the purge.
 */
async function purgeBatch(
  bound: Bound,
  actor: Actor,
  rows: readonly Row[],
  options: PurgeOptions,
): Promise<PurgeOutcome> {
  const outcome = { purged: 0, held: 0, referenced: 0 }
  for (const row of rows) {
    const id = row._id.toHexString()
    try {
      await destroy(bound, actor, id, { reason: 'retention period over' })
      outcome.purged += 1
    } catch (error) {
      if (error instanceof LegalHoldError) outcome.held += 1
      else if (error instanceof ReferencedError) {
        outcome.referenced += 1
        options.onReferenced?.(id, error.details)
      } else if (!(
        error instanceof RevisionMismatchError ||
        error instanceof NotFoundError ||
        error instanceof ConflictError
      ))
        throw error
    }
  }
  return outcome
}

/**
 * Destroys trashed documents older than the resource's retention, except those on legal hold, each destroy audited
 * as `actor`. Works in batches in `_id` order (held documents are stepped over, not fetched again), yielding to the
 * event loop between batches so a large backlog neither blocks the process nor outlives the job's lock.
 */
export async function purgeExpired(
  bound: Bound,
  now: Date,
  actor: Actor = PURGE_JOB,
  options: PurgeOptions = {},
): Promise<PurgeOutcome> {
  const cutoff = new Date(now.getTime() - bound.def.trash.retentionDays * 86_400_000)
  const total = { purged: 0, held: 0, referenced: 0 }
  let after: Types.ObjectId | undefined
  while (!options.signal?.aborted) {
    const rows = await bound.model
      .find({ deletedAt: { $ne: null, $lte: cutoff }, ...(after ? { _id: { $gt: after } } : {}) }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(options.batchSize ?? 100)
      .lean<Row[]>()
    const last = rows.at(-1)
    if (!last) break
    after = last._id
    const batch = await purgeBatch(bound, actor, rows, options)
    total.purged += batch.purged
    total.held += batch.held
    total.referenced += batch.referenced
    await options.afterBatch?.(batch)
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return total
}
