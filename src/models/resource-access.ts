import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { Action } from '../access/matrix.js'
import { applyMask, can, openReadFilter, scopeFilter, type ScopeFilter } from '../access/policy.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { SEARCH_GRAMS_FIELD } from './search-grams.js'

// Access checks shared by the reads and writes of every resource; the decisions themselves are the policy's.

export function mayRead(def: ResourceDefinition, actor: Actor): boolean {
  return (def.readableByAnyUser === true && actor.kind === 'user') || can(actor, 'read', def.resource)
}

/** The read filter: a catalogue every user reads is open but for its declared audience; null when nothing is. */
export function readFilter(def: ResourceDefinition, actor: Actor): ScopeFilter {
  if (def.readableByAnyUser === true && actor.kind === 'user') return openReadFilter(actor, def.resource)
  return scopeFilter(actor, def.resource, 'read')
}

/** The scope filter for an action; 403 when the actor has no such grant at all. */
export function scopeOrForbid(def: ResourceDefinition, actor: Actor, action: Action): Record<string, unknown> {
  const filter = action === 'read' ? readFilter(def, actor) : scopeFilter(actor, def.resource, action)
  if (filter === null) throw new ForbiddenError(`You may not ${action} ${def.resource}`)
  return filter
}

/** ANDs filters, keeping a flat object (index-friendly) unless two of them name the same field. */
export function allOf(...filters: Array<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  const clashing: Array<Record<string, unknown>> = []
  for (const filter of filters) {
    for (const [key, value] of Object.entries(filter)) {
      if (key in merged || key === '$or' || key === '$and') clashing.push({ [key]: value })
      else merged[key] = value
    }
  }
  return clashing.length === 0 ? merged : { ...merged, $and: clashing }
}

/** A malformed id names nothing, like an unknown one. */
export function objectIdOf(id: string, what: string): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFoundError(`${what} not found`)
  return new Types.ObjectId(id)
}

/** What leaves the engine: ids as strings, masked fields masked. */
export function present(def: ResourceDefinition, actor: Actor, record: ResourceRecord): ResourceRecord {
  // Runs for every row of every list and export: no per-field [key, value] arrays.
  const plain: ResourceRecord = {}
  for (const key in record) {
    // Derived search data (search-index.ts) is internal: never shown, exported or sent.
    if (key === SEARCH_GRAMS_FIELD) continue
    const value = record[key]
    plain[key] = value instanceof Types.ObjectId ? value.toHexString() : value
  }
  return applyMask(actor, def.resource, plain)
}
