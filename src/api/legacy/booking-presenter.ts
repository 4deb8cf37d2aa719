import type { Actor } from '../../access/actor.js'
import { can, MASK, maskedFields } from '../../access/policy.js'
import type { AuditActor, AuditEntry, AuditModel } from '../../audit/audit-entry.js'
import { nameOf, userNames } from '../../audit/people-names.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import type { UserModel } from '../../models/user.js'

// Seed 1 kept an `updatedhistory` array on each booking and a `user-name` header as `deletedBy`; the v1 frontend
// still prints both (Edit Booking's "Update History", Trash's "Deleted By"). We keep one audit log instead, so the
// legacy routes build seed 1's shape from it on the way out, with people's names where we store their ids.

/** Seed 1's entry: who (a name), when, the note, and `{ field: { old, new } }`. */
export interface LegacyHistoryEntry {
  updatedBy: string
  updatedAt: Date
  note: string
  changes: Record<string, { old: unknown; new: unknown }>
}

/** Seed 1 only recorded edits; a restore to an earlier revision is an edit too. */
const EDIT_ACTIONS = ['update', 'restore-revision'] as const
/** Revision bookkeeping the seed never had; not a change a person made. */
const HIDDEN_PATHS = new Set(['_rev', 'updatedAt', 'received_amount', 'pending_amount'])

export interface PresenterSources {
  readonly audit: AuditModel
  readonly users: UserModel
}

type Entry = Pick<AuditEntry, 'documentId' | 'actor' | 'at' | 'reason' | 'changes'>

function whoDid(actor: AuditActor, names: ReadonlyMap<string, string>): string {
  if (actor.kind === 'user') return (actor.id && names.get(actor.id)) ?? 'Unknown'
  return actor.kind === 'system' ? 'system' : `${actor.kind} ${actor.name ?? ''}`.trim()
}

function toLegacy(entry: Entry, names: ReadonlyMap<string, string>, masked: ReadonlySet<string>): LegacyHistoryEntry {
  const changes: LegacyHistoryEntry['changes'] = {}
  for (const change of entry.changes) {
    if (HIDDEN_PATHS.has(change.path)) continue
    const hide = masked.has(change.path)
    changes[change.path] = { old: hide ? MASK : (change.before ?? null), new: hide ? MASK : (change.after ?? null) }
  }
  return { updatedBy: whoDid(entry.actor, names), updatedAt: entry.at, note: entry.reason ?? '', changes }
}

async function editsOf(audit: AuditModel, ids: readonly string[]): Promise<Entry[]> {
  if (ids.length === 0) return []
  return audit
    .find(
      { resource: 'bookings', documentId: { $in: ids }, status: 'committed', action: { $in: EDIT_ACTIONS } },
      { documentId: 1, actor: 1, at: 1, reason: 1, changes: 1 },
    )
    .sort({ at: 1, revision: 1 })
    .lean<Entry[]>()
}

/**
 * The legacy view of bookings the caller already may read: `isDeleted`, `deletedBy` as a name and `updatedhistory`
 * (oldest first, as seed 1 appended it; empty for a caller without the history permission on that booking).
 */
export async function presentBookings(
  sources: PresenterSources,
  actor: Actor,
  records: readonly ResourceRecord[],
): Promise<ResourceRecord[]> {
  const withHistory = records.filter((record) => can(actor, 'history', 'bookings', record))
  const entries = await editsOf(
    sources.audit,
    withHistory.map((record) => String(record._id)),
  )
  const names = await userNames(sources.users, [
    ...records.map((record) => record.deletedBy),
    ...entries.map((entry) => entry.actor.id),
  ])
  const masked = new Set(maskedFields(actor, 'bookings'))
  const byBooking = new Map<string, LegacyHistoryEntry[]>()
  for (const entry of entries) {
    const key = String(entry.documentId)
    byBooking.set(key, [...(byBooking.get(key) ?? []), toLegacy(entry, names, masked)])
  }
  return records.map((record) => ({
    ...record,
    isDeleted: record.deletedAt !== null && record.deletedAt !== undefined,
    deletedBy: nameOf(record.deletedBy ?? null, names),
    updatedhistory: byBooking.get(String(record._id)) ?? [],
  }))
}

/**
 * A booking this request has just created, as `presentBookings` shows it: no edit can exist yet and nobody trashed
 * it, so no audit or user read is needed (and this answer does not wait for the commit-marker batch the audit read
 * barrier would).
 */
export function presentCreatedBooking(record: ResourceRecord): ResourceRecord {
  return { ...record, isDeleted: false, deletedBy: null, updatedhistory: [] }
}

/** One booking, as `presentBookings` shows it. */
export async function presentBooking(
  sources: PresenterSources,
  actor: Actor,
  record: ResourceRecord,
): Promise<ResourceRecord> {
  const [presented] = await presentBookings(sources, actor, [record])
  return presented ?? record
}
