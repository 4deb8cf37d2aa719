import type { Connection } from 'mongoose'
import type { Logger } from '../logger.js'
import type { AuditEntry, AuditModel } from './audit-entry.js'
import { REVISION_FIELD } from '../models/plugins/revision.js'

export interface RecoveryOptions {
  /**
   * Only entries older than this many milliseconds are resolved, so a write in flight in another process is left
   * alone. Default 0: at start-up nothing of ours is in flight.
   */
  olderThanMs?: number
  now?: Date
  logger?: Logger
}

export interface RecoveryResult {
  committed: number
  dropped: number
}

type PendingEntry = Pick<AuditEntry, 'resource' | 'documentId' | 'revision' | 'action'> & { _id: unknown }

/** Did the document write this entry announced happen? The revision (or, for a destroy, the absence) says so. */
async function documentReached(connection: Connection, entry: PendingEntry): Promise<boolean> {
  const document = await connection
    .collection(entry.resource)
    .findOne({ _id: entry.documentId }, { projection: { [REVISION_FIELD]: 1 } })
  if (!document) return entry.action === 'destroy'
  const revision = document[REVISION_FIELD] as unknown
  return typeof revision === 'number' && revision >= entry.revision
}

/** Commits one pending entry whose write happened, or drops one whose write never did. */
export async function resolveEntry(
  connection: Connection,
  audit: AuditModel,
  entry: PendingEntry,
): Promise<'committed' | 'dropped'> {
  if (await documentReached(connection, entry)) {
    await audit.updateOne({ _id: entry._id, status: 'pending' }, { $set: { status: 'committed' } })
    return 'committed'
  }
  await audit.deleteOne({ _id: entry._id, status: 'pending' })
  return 'dropped'
}

/**
 * Resolves the entries a dead process left pending. Runs at start-up; the consistency job calls it with a grace
 * period (`olderThanMs`).
 */
export async function recoverPendingAudits(
  connection: Connection,
  audit: AuditModel,
  options: RecoveryOptions = {},
): Promise<RecoveryResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.olderThanMs ?? 0))
  const result: RecoveryResult = { committed: 0, dropped: 0 }
  const pending = audit
    .find({ status: 'pending', at: { $lte: cutoff } })
    .sort({ at: 1 })
    .lean()
    .cursor()
  for await (const entry of pending) {
    const outcome = await resolveEntry(connection, audit, entry)
    result[outcome] += 1
  }
  if (result.committed + result.dropped > 0) options.logger?.info('pending audit entries resolved', { ...result })
  return result
}
