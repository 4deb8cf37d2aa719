import type { Connection, Schema, Types } from 'mongoose'
import { NextTurnBatches } from '../db/next-turn-batches.js'
import type { AuditEntry, AuditModel } from './audit-entry.js'

/**
 * Commit markers written in batches, after the write is acknowledged.
 *
 * Why this is safe: a pending entry whose revision the document carries is a committed change by definition, and
 * start-up recovery and the `audit.reconcile` job resolve it as such (recovery.ts). So the caller's change and its
 * entry are both durable before the request is answered; the marker only records what recovery could work out, and
 * losing it in a crash loses nothing. Writing markers for many requests in one `updateMany` takes one round trip
 * and one fsync off every audited write.
 *
 * Reads of the audit model in this process first wait for the markers queued before them (a query hook installed by
 * `installCommitBarrier`), so this process always reads its own writes as committed.
 */
export class CommitMarkers {
  private readonly batches = new NextTurnBatches<Types.ObjectId>((ids) => this.write(ids))

  constructor(private readonly audit: AuditModel) {}

  /** Queues the marker of an entry whose document write is durable; written on the next turn of the event loop. */
  add(entryId: Types.ObjectId): void {
    this.batches.add(entryId)
  }

  /** Resolves once every marker queued so far is written (or failed, leaving its entry to recovery). */
  settled(): Promise<void> {
    return this.batches.settled()
  }

  private async write(ids: Types.ObjectId[]): Promise<void> {
    try {
      await this.audit.updateMany({ _id: { $in: ids }, status: 'pending' }, { $set: { status: 'committed' } })
    } catch {
      // The entries stay pending with their document at the revision: recovery commits them. Nothing is lost.
    }
  }
}

const markersByConnection = new WeakMap<Connection, CommitMarkers>()

/** The one batcher of a connection's audit model, so every writer and reader in the process shares it. */
export function commitMarkersOf(audit: AuditModel): CommitMarkers {
  let markers = markersByConnection.get(audit.db)
  if (!markers) markersByConnection.set(audit.db, (markers = new CommitMarkers(audit)))
  return markers
}

/** Makes every read of the audit model wait for the markers this process queued before it. */
export function installCommitBarrier(schema: Schema<AuditEntry>): void {
  schema.pre(['find', 'findOne', 'countDocuments', 'distinct'], async function () {
    await markersByConnection.get(this.model.db)?.settled()
  })
  schema.pre('aggregate', async function () {
    await markersByConnection.get(this.model().db)?.settled()
  })
}
