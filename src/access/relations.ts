import type { Actor } from './actor.js'
import { declaredAccess } from './owner-fields.js'
import type { Action } from './vocabulary.js'

// Relations between a user and records that are not ownership: the reporting manager of the employee a record names
// (a leave), and the departments a record is addressed to (an announcement). Both read the actor's placement
// (auth/placement.ts), so, like the rest of the policy, they are pure functions of the actor and the record, and the
// query filters they give and the record checks they make agree.

export type Filter = Record<string, unknown>

/** Owner and reference fields hold a string id or an ObjectId. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && 'toHexString' in value && typeof value.toHexString === 'function') {
    const hex: unknown = (value.toHexString as () => unknown).call(value)
    return typeof hex === 'string' ? hex : undefined
  }
  return undefined
}

/** Either filter (a record matching one of them), or null when neither gives anything. */
export function eitherOf(first: Filter | null, second: Filter | null): Filter | null {
  if (first === null) return second
  if (second === null) return first
  return { $or: [first, second] }
}

function managerRelation(actor: Actor, resource: string, action: Action | undefined) {
  const relation = declaredAccess(resource)?.reportingManager
  if (actor.kind !== 'user' || relation === undefined) return undefined
  if (action !== undefined && !relation.actions.includes(action)) return undefined
  return { field: relation.employee, reports: actor.placement?.reports ?? [] }
}

/**
 * The records whose employee reports to the actor, for this action (any of the relation's, and its transitions,
 * when no action is named); null when the relation gives the actor nothing.
 */
export function managerFilter(actor: Actor, resource: string, action?: Action): Filter | null {
  const relation = managerRelation(actor, resource, action)
  if (relation === undefined || relation.reports.length === 0) return null
  return { [relation.field]: { $in: [...relation.reports] } }
}

/** Does the record's employee report to the actor (and does the relation cover this action)? */
export function managesRecord(actor: Actor, resource: string, record: Record<string, unknown>, action?: Action): boolean {
  const relation = managerRelation(actor, resource, action)
  if (relation === undefined) return false
  const employee = idText(record[relation.field])
  return employee !== undefined && relation.reports.includes(employee)
}

/** Records addressed to everyone (an empty audience) or to one of the actor's departments; null without audience. */
export function audienceFilter(actor: Actor, resource: string): Filter | null {
  const field = declaredAccess(resource)?.audience
  if (field === undefined || actor.kind !== 'user') return null
  const mine = actor.placement?.departments ?? []
  return { $or: [{ [field]: { $size: 0 } }, { [field]: { $in: [...mine] } }] }
}
