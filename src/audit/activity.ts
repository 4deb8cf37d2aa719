import type { Types } from 'mongoose'
import { MASK } from '../access/policy.js'
import type { AuditAction, AuditActor, AuditModel, FieldChange } from './audit-entry.js'
import { pageBounds } from './history-page.js'

// A record's activity timeline: its own audit entries and its children's, newest first. A view over the one audit
// log (never a second log that could disagree with it), read a page at a time.

/** The records of one resource whose entries the timeline shows, and the fields the viewer sees masked there. */
export interface ActivitySource {
  readonly resource: string
  readonly ids: readonly Types.ObjectId[]
  readonly masked: ReadonlySet<string>
}

/** One line of a timeline: a committed change of the record or of one of its children. */
export interface ActivityEntry {
  readonly _id: string
  readonly resource: string
  readonly documentId: string
  readonly revision: number
  readonly action: AuditAction
  readonly actor: AuditActor
  readonly at: Date
  readonly changes: FieldChange[]
  readonly reason: string | null
  readonly requestId: string | null
}

export interface ActivityPage {
  readonly items: ActivityEntry[]
  /** Entries in the whole timeline. */
  readonly total: number
  readonly page: number
  readonly limit: number
}

interface StoredEntry {
  _id: Types.ObjectId
  resource: string
  documentId: Types.ObjectId
  revision: number
  action: AuditAction
  actor: AuditActor
  at: Date
  changes: FieldChange[]
  reason: string | null
  requestId: string | null
}

/** The changes with the viewer's masked fields masked (whether a value was there or not stays visible). */
export function maskChanges(changes: readonly FieldChange[], masked: ReadonlySet<string>): FieldChange[] {
  if (masked.size === 0) return [...changes]
  return changes.map((change) =>
    masked.has(change.path)
      ? {
          path: change.path,
          ...(change.before === undefined ? {} : { before: MASK }),
          ...(change.after === undefined ? {} : { after: MASK }),
        }
      : change,
  )
}

/**
 * One page of the timeline of these sources, newest first. The filter leads with `documentId $in` (the audit log's
 * `{documentId, at}` index: ids are unique across collections, so that finds exactly the records' entries) and the
 * per-resource branches keep a child id from matching another resource's entry.
 */
export async function readActivityPage(
  audit: AuditModel,
  sources: readonly ActivitySource[],
  options: { page?: number | undefined; limit?: number | undefined },
): Promise<ActivityPage> {
  const { page, limit } = pageBounds(options)
  const present = sources.filter((source) => source.ids.length > 0)
  if (present.length === 0) return { items: [], total: 0, page, limit }
  const filter = {
    documentId: { $in: present.flatMap((source) => source.ids) },
    status: 'committed' as const,
    $or: present.map((source) => ({ resource: source.resource, documentId: { $in: [...source.ids] } })),
  }
  const [entries, total] = await Promise.all([
    audit
      .find(filter, { status: 0 })
      .sort({ at: -1, _id: -1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<StoredEntry[]>(),
    audit.countDocuments(filter),
  ])
  const masks = new Map(present.map((source) => [source.resource, source.masked]))
  const items = entries.map((entry) => ({
    _id: entry._id.toHexString(),
    resource: entry.resource,
    documentId: entry.documentId.toHexString(),
    revision: entry.revision,
    action: entry.action,
    actor: entry.actor,
    at: entry.at,
    changes: maskChanges(entry.changes, masks.get(entry.resource) ?? new Set()),
    reason: entry.reason,
    requestId: entry.requestId,
  }))
  return { items, total, page, limit }
}
