import type { Actor } from './actor.js'
import { OWNER_FIELD, WEBHOOK_GRANTS, type Action, type Resource, type RoleGrant, type Scope } from './matrix.js'
import { declaredOwnerField } from './owner-fields.js'
import { audienceFilter, eitherOf, idText, managerFilter, managesRecord } from './relations.js'

// The one place that decides access, for REST, AdminJS and jobs alike. Pure functions of the actor and the record.

/** A filter to AND into every query: `{}` sees everything, `null` sees nothing. */
export type ScopeFilter = Record<string, unknown> | null

/** Jobs and system code are our own trusted code; webhooks get only what WEBHOOK_GRANTS lists for their source. */
function isTrusted(actor: Actor): boolean {
  return actor.kind === 'job' || actor.kind === 'system'
}

function webhookMay(source: string, action: Action, resource: Resource): boolean {
  return (WEBHOOK_GRANTS[source] ?? []).some((line) => line.resource === resource && line.actions.includes(action))
}

function grantsFor(actor: Actor, resource: Resource, action: Action): RoleGrant[] {
  const grants = actor.kind === 'user' ? actor.grants : actor.kind === 'webhook' ? WEBHOOK_GRANTS[actor.source] : []
  return (grants ?? []).filter((grant) => grant.resource === resource && grant.actions.includes(action))
}

/** The widest record scope the actor has for this action, or undefined when it has none. */
export function scopeOf(actor: Actor, action: Action, resource: Resource): Scope | undefined {
  if (isTrusted(actor)) return 'all'
  if (actor.kind === 'webhook') return webhookMay(actor.source, action, resource) ? 'all' : undefined
  const grants = grantsFor(actor, resource, action)
  if (grants.length === 0) return undefined
  return grants.some((grant) => grant.scope === 'all') ? 'all' : 'own'
}

/** The owner path of a resource: the matrix's, or the declaration's for resources outside the catalogue. */
function ownerFieldOf(resource: Resource): string {
  const field = (OWNER_FIELD as Readonly<Partial<Record<string, string>>>)[resource] ?? declaredOwnerField(resource)
  if (field === undefined) throw new Error(`Resource ${resource} has no owner field`)
  return field
}

/**
 * Every value at a dotted path, stepping into arrays at any level: an owner may be one user (`user_id`), a list of
 * users (`members`) or a field of a list's items (`members.user`), and the actor owns the record when they are any
 * of them. This is what MongoDB's `{ path: id }` matches too, so `can` and `scopeFilter` agree.
 */
function valuesAt(value: unknown, parts: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item: unknown) => valuesAt(item, parts))
  const [head, ...rest] = parts
  if (head === undefined) return [value]
  if (value === null || typeof value !== 'object') return []
  return valuesAt((value as Record<string, unknown>)[head], rest)
}

function ownerMatches(actorId: string, resource: Resource, record: Record<string, unknown>): boolean {
  return valuesAt(record, ownerFieldOf(resource).split('.')).some((value) => idText(value) === actorId)
}

/**
 * May this actor take this action on this resource? Without a record: on some record at least.
 * With a record: on that one (the `own` scope compares the record's owner field with the actor's id).
 */
export function can(actor: Actor, action: Action, resource: Resource, record?: Record<string, unknown>): boolean {
  const scope = scopeOf(actor, action, resource)
  if (scope === 'all') return true
  if (record === undefined) return scope !== undefined || managerFilter(actor, resource, action) !== null
  const owns = scope !== undefined && actor.kind === 'user' && ownerMatches(actor.id, resource, record)
  return owns || managesRecord(actor, resource, record, action)
}

/** Does the actor own this record (the `own` scope's test, whatever their grants)? */
export function ownsRecord(actor: Actor, resource: Resource, record: Record<string, unknown>): boolean {
  return actor.kind === 'user' && ownerMatches(actor.id, resource, record)
}

/** The query filter limiting which records the actor may see for an action (read by default). */
export function scopeFilter(actor: Actor, resource: Resource, action: Action = 'read'): ScopeFilter {
  const scope = scopeOf(actor, action, resource)
  if (scope === 'all' || (scope !== undefined && actor.kind !== 'user')) return {}
  const own = scope === 'own' && actor.kind === 'user' ? { [ownerFieldOf(resource)]: actor.id } : null
  // The records of the actor's reports, where the resource opens them to reporting managers for this action.
  return eitherOf(own, managerFilter(actor, resource, action))
}

/**
 * The read filter of a resource every signed-in user reads (`readableByAnyUser`): everything, except that a reader
 * without an `all` read scope sees only the records of its declared audience that include them (and their own).
 */
export function openReadFilter(actor: Actor, resource: Resource): ScopeFilter {
  const audience = audienceFilter(actor, resource)
  const scope = scopeOf(actor, 'read', resource)
  if (audience === null || scope === 'all') return {}
  return eitherOf(scope === 'own' ? scopeFilter(actor, resource, 'read') : null, audience)
}

/** Fields to mask for this actor; a field is masked only if every read grant masks it. */
export function maskedFields(actor: Actor, resource: Resource): string[] {
  const grants = grantsFor(actor, resource, 'read')
  if (grants.length === 0) return []
  const [first, ...rest] = grants
  return (first?.maskedFields ?? []).filter((field) => rest.every((grant) => grant.maskedFields.includes(field)))
}

/** Fields the actor may not change on update; empty for actors without such limits. */
export function forbiddenUpdateFields(actor: Actor, resource: Resource): string[] {
  const grants = grantsFor(actor, resource, 'update')
  if (grants.length === 0) return []
  const [first, ...rest] = grants
  return (first?.readonlyFields ?? []).filter((field) => rest.every((grant) => grant.readonlyFields.includes(field)))
}

/** The mask shown in place of a masked value. */
export const MASK = '••••••'

/** A copy of a plain record with the actor's masked fields replaced (top-level and dotted paths). */
export function applyMask<T extends Record<string, unknown>>(actor: Actor, resource: Resource, record: T): T {
  const fields = maskedFields(actor, resource)
  if (fields.length === 0) return record
  const copy: Record<string, unknown> = structuredClone(record)
  for (const field of fields) maskPath(copy, field.split('.'))
  return copy as T
}

function maskPath(target: Record<string, unknown>, parts: string[]): void {
  const [head, ...rest] = parts
  if (head === undefined || !(head in target)) return
  const value = target[head]
  if (rest.length === 0) {
    if (value !== undefined && value !== null && value !== '') target[head] = MASK
    return
  }
  if (value && typeof value === 'object') maskPath(value as Record<string, unknown>, rest)
}

function covers(actor: Actor, wanted: RoleGrant, action: Action): boolean {
  const scope = scopeOf(actor, action, wanted.resource)
  if (scope === undefined || (scope === 'own' && wanted.scope === 'all')) return false
  // A role that sees (or may change) a field the actor may not holds a right the actor lacks.
  if (action === 'read' && maskedFields(actor, wanted.resource).some((f) => !wanted.maskedFields.includes(f))) {
    return false
  }
  if (action !== 'update') return true
  return forbiddenUpdateFields(actor, wanted.resource).every((f) => wanted.readonlyFields.includes(f))
}

/**
 * The privilege-subset rule: true when the actor holds every permission in `grants` (same action, same or wider
 * scope, no field masked or read-only for the actor that the grants leave open). Nobody may hand out, or act on the
 * account of, a role holding a right they lack; jobs and system code hold every right. `own`-scoped grants are
 * left out: they reach only the account's own records (a bdm's own bookings, a staff member's own profile), never
 * anyone else's, so they are self-service rather than power over others.
 */
export function holdsAll(actor: Actor, grants: readonly RoleGrant[]): boolean {
  if (isTrusted(actor)) return true
  const reaching = grants.filter((wanted) => wanted.scope === 'all')
  if (actor.kind !== 'user') return reaching.length === 0
  return reaching.every((wanted) => wanted.actions.every((action) => covers(actor, wanted, action)))
}
