import type { Actor } from '../../access/actor.js'
import { RESOURCES, type Resource } from '../../access/matrix.js'
import { MASK, maskedFields, scopeOf } from '../../access/policy.js'
import type { AuditActor, AuditEntry, AuditModel, FieldChange } from '../../audit/audit-entry.js'
import { personIdsIn, userNames, withPersonNames } from '../../audit/people-names.js'
import type { UserModel } from '../../models/user.js'
import type { RecentChange } from './types.js'

/** How many audit entries the dashboard lists. */
export const RECENT_CHANGES_LIMIT = 10

type StoredEntry = AuditEntry & { _id: { toString(): string } }

/**
 * Resources whose whole audit trail the viewer may read: `history` and `read` on every record. A role granted them on
 * its own records only would need a per-document check, so its changes stay in each record's history view instead.
 */
export function auditReadableResources(actor: Actor): Resource[] {
  return RESOURCES.filter(
    (resource) => scopeOf(actor, 'history', resource) === 'all' && scopeOf(actor, 'read', resource) === 'all',
  )
}

function maskChanges(changes: readonly FieldChange[], masked: ReadonlySet<string>): RecentChange['changes'] {
  return changes.map((change) =>
    masked.has(change.path)
      ? {
          path: change.path,
          ...(change.before === undefined ? {} : { before: MASK }),
          ...(change.after === undefined ? {} : { after: MASK }),
        }
      : { path: change.path, before: change.before, after: change.after },
  )
}

async function userLabels(users: UserModel, entries: readonly StoredEntry[]): Promise<Map<string, string>> {
  return userNames(
    users,
    entries.flatMap((entry) => [
      entry.actor.kind === 'user' ? entry.actor.id : undefined,
      ...personIdsIn(entry.changes),
    ]),
  )
}

function actorLabel(actor: AuditActor, labels: ReadonlyMap<string, string>): string {
  switch (actor.kind) {
    case 'user': {
      const who = (actor.id && labels.get(actor.id)) ?? `user ${actor.id ?? '?'}`
      return actor.role ? `${who} (${actor.role})` : who
    }
    case 'job':
      return `job ${actor.name ?? '?'}`
    case 'webhook':
      return `webhook ${actor.name ?? '?'}`
    case 'system':
      return 'system'
  }
}

export interface RecentChangeSources {
  readonly audit: AuditModel
  readonly users: UserModel
  /** Policy resource name to AdminJS resource id (model name). */
  readonly resourceIds: ReadonlyMap<string, string>
}

/** The latest committed changes the viewer may read, newest first, masked fields masked. */
export async function readRecentChanges(
  sources: RecentChangeSources,
  actor: Actor,
  limit = RECENT_CHANGES_LIMIT,
): Promise<RecentChange[]> {
  const readable = auditReadableResources(actor)
  if (readable.length === 0) return []
  const entries = await sources.audit
    .find({ status: 'committed', resource: { $in: readable } })
    .sort({ at: -1, _id: -1 })
    .limit(limit)
    .lean<StoredEntry[]>()
  const labels = await userLabels(sources.users, entries)
  const masks = new Map(readable.map((resource) => [resource, new Set(maskedFields(actor, resource))]))
  return entries.map((entry) => ({
    id: entry._id.toString(),
    resource: entry.resource,
    resourceId: sources.resourceIds.get(entry.resource) ?? null,
    documentId: entry.documentId.toHexString(),
    revision: entry.revision,
    action: entry.action,
    at: entry.at.toISOString(),
    actor: actorLabel(entry.actor, labels),
    changes: withPersonNames(maskChanges(entry.changes, masks.get(entry.resource as Resource) ?? new Set()), labels),
    reason: entry.reason,
  }))
}
