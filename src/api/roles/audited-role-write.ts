import type { Types } from 'mongoose'
import type { Actor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import type { AuditAction } from '../../audit/audit-entry.js'
import { auditedWrite } from '../../audit/audited-write.js'
import { diffRecords } from '../../audit/changes.js'
import type { Role } from '../../models/role.js'
import { atRevision, revisionOf } from '../../models/plugins/revision.js'
import { RevisionMismatchError } from '../../models/resource-errors.js'

// Role writes change what everybody may do, so they leave audit entries like any record's (resource `roles`), with
// the same pending/committed protocol on a revision counter. Roles seeded before this carry no revision: they read
// as revision 0 and get 1 from their first audited write.

/** The fields of a role the audit log records. */
const ROLE_PATHS = ['name', 'description', 'grants']

type RoleRecord = Omit<Role, 'createdAt' | 'updatedAt'> & { _id: Types.ObjectId; _rev?: number }

function plain(role: RoleRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...role, _id: undefined })) as Record<string, unknown>
}

/** Changes a role's description and grants in one conditional, audited write; 412 when someone else got there. */
export async function auditedRoleUpdate(
  context: AppContext,
  actor: Actor,
  current: RoleRecord,
  set: Pick<Role, 'description' | 'grants'>,
): Promise<void> {
  const revision = revisionOf(current)
  const after = { ...current, ...set }
  const done = await auditedWrite({
    audit: context.resources.audit,
    enabled: true,
    resource: 'roles',
    documentId: current._id,
    revision: revision + 1,
    action: 'update',
    actor,
    changes: diffRecords(plain(current), plain(after), ROLE_PATHS),
    write: () =>
      context.models.roles
        .findOneAndUpdate(
          { _id: current._id, ...atRevision(revision) },
          { $set: { ...set, _rev: revision + 1 } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean(),
  })
  if (!done) throw new RevisionMismatchError()
}

/** Audits a role's creation or deletion, done by `write`. */
export async function auditedRoleLifecycle(
  context: AppContext,
  actor: Actor,
  role: RoleRecord,
  action: Extract<AuditAction, 'create' | 'destroy'>,
  write: () => Promise<unknown>,
): Promise<void> {
  const revision = action === 'create' ? 1 : revisionOf(role) + 1
  const record = plain(role)
  await auditedWrite({
    audit: context.resources.audit,
    enabled: true,
    resource: 'roles',
    documentId: role._id,
    revision,
    action,
    actor,
    changes:
      action === 'create' ? diffRecords(undefined, record, ROLE_PATHS) : diffRecords(record, undefined, ROLE_PATHS),
    write: async () => (await write()) ?? true,
  })
}
