import type { Actor } from '../access/actor.js'
import { MASK } from '../access/policy.js'
import { ValidationError } from '../errors.js'
import type { ReferenceOptions, ResourceDefinition, ResourceRecord } from './define-resource.js'
import { allOf, mayRead, present, readFilter } from './resource-access.js'
import type { Bound } from './resource-reads.js'
import { findBound } from './resource-registry.js'
import { keyText, referenceValues } from './resource-write-rules.js'

// `expand=`: a reference field's value replaced by the record it names, `{ _id, ...label fields }`, so a client
// shows "Sales" rather than an id without a second request per row. One query per field per page, through the
// referenced resource's own read scope and masks: what the caller may not read stays a raw id.

/** The fields that name a record to people: the declared label, else the first search field. */
export function labelFields(def: ResourceDefinition): readonly string[] {
  return def.label ?? def.search.slice(0, 1)
}

/** 400 naming `expand` unless every field is a declared reference of the resource. */
export function checkExpand(def: ResourceDefinition, fields: readonly string[]): void {
  const unknown = fields.filter((field) => !(field in (def.references ?? {})))
  if (unknown.length > 0) {
    throw new ValidationError('Invalid input', [
      { path: 'expand', message: `${unknown.join(', ')}: not a reference field of ${def.resource}` },
    ])
  }
}

/** The embedded records for these values, by value as text; empty when the caller may not read the resource. */
async function lookUp(
  bound: Bound,
  actor: Actor,
  reference: ReferenceOptions,
  values: readonly string[],
): Promise<Map<string, ResourceRecord>> {
  const found = new Map<string, ResourceRecord>()
  // Plain models (users) are not embedded: their ids stay, as for a resource the caller may not read.
  const target = findBound(bound.connection, reference.resource)
  if (!target) return found
  const key = reference.key ?? '_id'
  const wanted = key === '_id' ? values.filter((value) => /^[0-9a-f]{24}$/i.test(value)) : values
  if (wanted.length === 0 || !mayRead(target.def, actor)) return found
  const scope = readFilter(target.def, actor)
  if (scope === null) return found
  const labels = labelFields(target.def)
  const projection = Object.fromEntries([key, ...labels].map((field) => [field, 1]))
  const rows = await target.model
    .find(allOf({ [key]: { $in: wanted } }, scope, { deletedAt: null }), projection)
    .lean<ResourceRecord[]>()
  for (const row of rows) {
    const shown = present(target.def, actor, row)
    found.set(keyText(row[key]), Object.fromEntries(['_id', ...labels].map((field) => [field, shown[field] ?? null])))
  }
  return found
}

/** A field's value with each named record embedded where found (a list stays a list). */
function embedded(value: unknown, found: ReadonlyMap<string, ResourceRecord>): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => embedded(item, found))
  if (value === null || value === undefined || value === MASK) return value
  return found.get(keyText(value)) ?? value
}

/** The rows with each named reference field expanded (new objects; the rows may be a cached, frozen page). */
export async function expandReferences(
  bound: Bound,
  actor: Actor,
  rows: readonly ResourceRecord[],
  fields: readonly string[] | undefined,
): Promise<ResourceRecord[]> {
  if (!fields || fields.length === 0) return [...rows]
  checkExpand(bound.def, fields)
  let expanded = rows.map((row) => ({ ...row }))
  for (const field of new Set(fields)) {
    const reference = bound.def.references?.[field]
    if (!reference) continue
    const values = [...new Set(rows.flatMap((row) => referenceValues(row[field])))].filter((v) => v !== MASK)
    const found = await lookUp(bound, actor, reference, values)
    if (found.size === 0) continue
    expanded = expanded.map((row) => (field in row ? { ...row, [field]: embedded(row[field], found) } : row))
  }
  return expanded
}
