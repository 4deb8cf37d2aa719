import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { insertBatchesFor } from '../db/insert-batches.js'
import { currentContext } from '../request-context.js'
import type { AuditAction, AuditActor, AuditEntry, AuditModel, FieldChange } from './audit-entry.js'
import { commitMarkersOf } from './commit-markers.js'
import { resolveEntry } from './recovery.js'

/** Fault points for tests: a throw from a hook stands for the process dying at that point. */
export interface WriteHooks {
  /** Runs after the document write, before its audit entry is committed. */
  afterDocumentWrite?: () => void | Promise<void>
}

export interface AuditedWrite<T> {
  audit: AuditModel
  /** Whether the resource is audited; when not, only `write` runs. */
  enabled: boolean
  resource: string
  documentId: Types.ObjectId
  /** The revision the write produces. */
  revision: number
  action: AuditAction
  actor: Actor
  reason?: string | null | undefined
  /** The bulk import this write belongs to, when it does. */
  importId?: string | undefined
  changes: FieldChange[]
  /** The document write, conditioned on the previous revision; null when the condition no longer holds. */
  write: () => Promise<T | null>
  hooks?: WriteHooks | undefined
}

export function toAuditActor(actor: Actor): AuditActor {
  switch (actor.kind) {
    case 'user':
      return { kind: 'user', id: actor.id, role: actor.role }
    case 'job':
      return actor.runId === undefined
        ? { kind: 'job', name: actor.name }
        : { kind: 'job', name: actor.name, runId: actor.runId }
    case 'webhook':
      return { kind: 'webhook', name: actor.source }
    case 'system':
      return { kind: 'system' }
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === 11000
}

/**
 * The write protocol without transactions:
 * 1. insert the entry `pending` with the target revision (the unique (resource, id, revision) index lets only one
 *    writer claim a revision);
 * 2. write the document conditioned on the previous revision;
 * 3. mark the entry `committed` (batched, after the answer: see commit-markers.ts).
 * A process dying between 2 and 3 leaves a pending entry whose revision the document carries: recovery commits it.
 * Dying between 1 and 2 leaves one the document never reached: recovery drops it. Returns null when another writer
 * got there first (the caller answers 412 or 404).
 */
export async function auditedWrite<T>(write: AuditedWrite<T>): Promise<T | null> {
  if (!write.enabled) return write.write()
  const entryId = await claimRevision(write)
  if (entryId === null) return null
  let result: T | null
  try {
    result = await write.write()
  } catch (error) {
    await write.audit.deleteOne({ _id: entryId, status: 'pending' })
    throw error
  }
  if (result === null) {
    await write.audit.deleteOne({ _id: entryId, status: 'pending' })
    return null
  }
  await write.hooks?.afterDocumentWrite?.()
  // The document carries the revision, so the entry is already a committed change (recovery reads it so); the
  // marker follows in a batch instead of costing this request a round trip (commit-markers.ts).
  commitMarkersOf(write.audit).add(entryId)
  return result
}

/** A pending entry this old belongs to a write that died; in-flight writes take milliseconds. */
const STALE_PENDING_MS = 30_000

/** Clears a dead writer's pending claim on the revision we want, so one crash does not block the document. */
async function clearedStaleClaim<T>(write: AuditedWrite<T>): Promise<boolean> {
  const stale = await write.audit
    .findOne({
      resource: write.resource,
      documentId: write.documentId,
      revision: write.revision,
      status: 'pending',
      at: { $lt: new Date(Date.now() - STALE_PENDING_MS) },
    })
    .lean()
  if (!stale) return false
  return (await resolveEntry(write.audit.db, write.audit, stale)) === 'dropped'
}

/**
 * The pending entry exactly as the audit schema stores it. Every value is built here by server code with the
 * schema's types (changes come from diffRecords over plain records), so it is inserted as it is: hydrating a mongoose
 * document with one subdocument per changed field and validating it cost more CPU than the rest of a create's
 * bookkeeping (tests/audit/pending-entry.test.ts holds it equal to what the model would store).
 */
export function pendingEntry<T>(write: AuditedWrite<T>): AuditEntry & { _id: Types.ObjectId } {
  return {
    _id: new Types.ObjectId(),
    resource: write.resource,
    documentId: write.documentId,
    revision: write.revision,
    action: write.action,
    actor: toAuditActor(write.actor),
    requestId: currentContext()?.requestId ?? null,
    at: new Date(),
    changes: write.changes.map(({ path, before, after }) => ({
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    })),
    reason: write.reason ?? null,
    ...(write.importId === undefined ? {} : { importId: write.importId }),
    status: 'pending',
  }
}

async function claimRevision<T>(write: AuditedWrite<T>, retried = false): Promise<Types.ObjectId | null> {
  try {
    const entry = pendingEntry(write)
    // Concurrent writes claim together: one insert command for their entries, each still awaiting its own.
    await insertBatchesFor(write.audit.collection).insert(entry)
    return entry._id
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    if (!retried && (await clearedStaleClaim(write))) return claimRevision(write, true)
    return null
  }
}
