import type { Types } from 'mongoose'
import type { AuditEntry, AuditModel } from './audit-entry.js'
import type { ReadHistoryEntry } from './read-entry.js'

export type HistoryEntry = Omit<AuditEntry, 'status'> & { _id: unknown }

/** A line of a document's trail: a committed change or, when asked for, a read. */
export type TrailEntry = HistoryEntry | ReadHistoryEntry

export interface HistoryOptions {
  /** Add the read entries (who opened the document) to the changes; default false. */
  includeReads?: boolean
}

/** The committed entries of one document, oldest first. */
export async function readHistory(
  audit: AuditModel,
  resource: string,
  documentId: Types.ObjectId,
): Promise<HistoryEntry[]> {
  return audit
    .find({ resource, documentId, status: 'committed' }, { status: 0 })
    .sort({ revision: 1 })
    .lean<HistoryEntry[]>()
}

/**
 * The document's declared fields as they stood at `revision`, replayed from the entries up to it (the create entry
 * carries every initial value). Undefined when no entry has that revision.
 */
export function snapshotAt(entries: readonly HistoryEntry[], revision: number): Record<string, unknown> | undefined {
  if (!entries.some((entry) => entry.revision === revision)) return undefined
  const state: Record<string, unknown> = {}
  for (const entry of entries) {
    if (entry.revision > revision) break
    for (const change of entry.changes) {
      if (change.after === undefined) Reflect.deleteProperty(state, change.path)
      else state[change.path] = change.after
    }
  }
  return state
}

/**
 * Changes and reads in one list by time; at the same instant, by revision, and a change before a read of the
 * revision it produced.
 */
export function mergeTrail(changes: readonly HistoryEntry[], reads: readonly ReadHistoryEntry[]): TrailEntry[] {
  const order = (entry: TrailEntry) => (entry.action === 'read' ? 1 : 0)
  return [...changes, ...reads].sort(
    (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || a.revision - b.revision || order(a) - order(b),
  )
}
