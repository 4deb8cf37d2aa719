import { Schema, Types, type Connection, type Model } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { revisionOf } from '../models/plugins/revision.js'
import { currentContext } from '../request-context.js'
import { actorSchema, changeSchema, type AuditEntry } from './audit-entry.js'
import { toAuditActor } from './audited-write.js'
import { createModelIndexes } from '../db/model-indexes.js'
import { insertBatchesFor } from '../db/insert-batches.js'

/**
 * One successful single-document read of an audited resource: who saw which revision, when. The shape of a change
 * entry (so a trail merges into one list) without `status`: a read changes nothing, so it needs neither the
 * pending/committed protocol nor the unique per-revision claim (many reads share a revision). Kept in its own
 * collection, `audit_reads`, so change entries keep their unique index and are never expired with the reads.
 */
export interface ReadEntry extends Omit<AuditEntry, 'status' | 'action'> {
  action: 'read'
}

export type ReadLogModel = Model<ReadEntry>

const SECONDS_PER_DAY = 86_400
const TTL_KEY = { at: 1 } as const

function readSchema(retentionDays: number): Schema<ReadEntry> {
  const schema = new Schema<ReadEntry>(
    {
      resource: { type: String, required: true },
      documentId: { type: Schema.Types.ObjectId, required: true },
      revision: { type: Number, required: true },
      action: { type: String, enum: ['read'], required: true },
      actor: { type: actorSchema, required: true },
      requestId: { type: String, default: null },
      at: { type: Date, required: true },
      // Always empty: kept so reads and changes have one shape.
      changes: { type: [changeSchema], default: [] },
      reason: { type: String, default: null },
    },
    // Indexes are built at start by syncReadLogIndexes, which also updates a changed retention in place.
    { collection: 'audit_reads', versionKey: false, minimize: false, autoIndex: false },
  )
  schema.index({ resource: 1, documentId: 1, at: 1 })
  schema.index({ 'actor.id': 1, at: -1 })
  schema.index(TTL_KEY, { expireAfterSeconds: retentionDays * SECONDS_PER_DAY })
  return schema
}

/** The TTL, in seconds, the model's schema declares for `at`. */
export function readLogTtlSeconds(model: ReadLogModel): number | undefined {
  const ttl = model.schema.indexes().find(([fields]) => JSON.stringify(fields) === JSON.stringify(TTL_KEY))
  const seconds = ttl?.[1].expireAfterSeconds
  return typeof seconds === 'number' ? seconds : undefined
}

/** The read log of a connection; entries expire `retentionDays` after they were written. */
export function readLogModel(connection: Connection, retentionDays: number): ReadLogModel {
  const existing = connection.models.AuditRead as ReadLogModel | undefined
  if (!existing) return connection.model<ReadEntry>('AuditRead', readSchema(retentionDays))
  // One collection, one TTL: a second binding with another retention would silently lose its setting.
  if (readLogTtlSeconds(existing) !== retentionDays * SECONDS_PER_DAY) {
    throw new Error('audit_reads is already bound on this connection with another retention')
  }
  return existing
}

function isIndexOptionsConflict(error: unknown): boolean {
  return (error as { code?: unknown }).code === 85
}

/**
 * Builds the read log's indexes. createIndexes refuses an existing TTL index whose `expireAfterSeconds` differs
 * (IndexOptionsConflict), so a changed AUDIT_READ_RETENTION_DAYS is applied to it in place with collMod.
 */
export async function syncReadLogIndexes(model: ReadLogModel): Promise<void> {
  try {
    await createModelIndexes(model)
  } catch (error) {
    if (!isIndexOptionsConflict(error)) throw error
    const db = model.db.db
    if (!db) throw error
    const expireAfterSeconds = readLogTtlSeconds(model)
    await db.command({ collMod: model.collection.collectionName, index: { keyPattern: TTL_KEY, expireAfterSeconds } })
    await createModelIndexes(model)
  }
}

/** Inserts one read entry for `record` (a stored document: its `_id` and revision) as read by `actor`. */
export async function recordRead(
  model: ReadLogModel,
  resource: string,
  record: Readonly<Record<string, unknown>>,
  actor: Actor,
): Promise<void> {
  const revision = revisionOf(record)
  if (!(record._id instanceof Types.ObjectId)) {
    throw new Error(`Cannot record a read of a ${resource} document without an ObjectId`)
  }
  // Inserted as the schema stores it (every value is built here with its type), without hydrating a document: a
  // single read pays for this insert on its way out (see audited-write.ts's pendingEntry for the same choice).
  const entry: ReadEntry & { _id: Types.ObjectId } = {
    _id: new Types.ObjectId(),
    resource,
    documentId: record._id,
    revision,
    action: 'read',
    actor: toAuditActor(actor),
    requestId: currentContext()?.requestId ?? null,
    at: new Date(),
    changes: [],
    reason: null,
  }
  // Concurrent reads record together: one insert command, each read still answered only once its entry is stored.
  await insertBatchesFor(model.collection).insert(entry)
}

export type ReadHistoryEntry = ReadEntry & { _id: unknown }

/** The read entries of one document, oldest first. */
export async function readEntriesOf(
  model: ReadLogModel,
  resource: string,
  documentId: Types.ObjectId,
): Promise<ReadHistoryEntry[]> {
  return model.find({ resource, documentId }).sort({ at: 1 }).lean<ReadHistoryEntry[]>()
}
