import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AuditAction } from '../audit/audit-entry.js'
import { ForbiddenError } from '../errors.js'
import type { ResourceRecord } from './define-resource.js'
import { findForAction, type Bound } from './resource-reads.js'
import { checkReferences } from './resource-write-rules.js'
import { checkedInternal, checkRevision, writeState } from './resource-writes.js'

// Writes that server code makes on a resource's internal fields (merge bookkeeping, links to other records): the
// same conditional, revision-checked, audited write as an update, with an action and condition of the caller's.

export interface InternalWrite {
  /** Internal fields to set, plus any declared input fields the server computed (e.g. fields a merge filled). */
  readonly set: ResourceRecord
  readonly action: AuditAction
  readonly reason?: string | undefined
  /** Extra conditions the stored document must still meet (else 412 and nothing changes). */
  readonly condition?: Record<string, unknown> | undefined
  readonly ifRevision?: number | undefined
  /** Operators on unaudited bookkeeping fields applied in the same atomic write (see writeState). */
  readonly also?: Record<string, unknown> | undefined
}

export async function writeInternal(
  bound: Bound,
  actor: Actor,
  id: string,
  write: InternalWrite,
): Promise<ResourceRecord> {
  const { def } = bound
  if (!can(actor, 'update', def.resource)) throw new ForbiddenError(`You may not change ${def.resource}`)
  const inputFields = new Set(Object.keys(def.input.shape))
  const internal = Object.fromEntries(Object.entries(write.set).filter(([key]) => !inputFields.has(key)))
  checkedInternal(def, internal)
  const current = await findForAction(bound, actor, id, 'update')
  checkRevision(current, write.ifRevision)
  await checkReferences(bound, write.set, current)
  return writeState(bound, actor, current, write.set, {
    action: write.action,
    condition: { deletedAt: null, ...write.condition },
    options: { reason: write.reason },
    also: write.also,
  })
}
