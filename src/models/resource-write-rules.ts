import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { scopeOf } from '../access/policy.js'
import { sameValue } from '../audit/changes.js'
import { ConflictError, ValidationError, type FieldProblem } from '../errors.js'
import type { ReferenceOptions, ResourceDefinition, ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'
import { referencedModel } from './resource-registry.js'

// Declared write rules the engine applies on every door: references to other resources, and
// the states in which self-service callers may still edit their own record.

/** A reference value as text: an ObjectId's hex, a key's own text. */
export function keyText(value: unknown): string {
  if (value instanceof Types.ObjectId) return value.toHexString()
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)
}

/** The distinct values a reference field holds (each of a list's), as text; empty when it names nothing. */
export function referenceValues(value: unknown): string[] {
  const values = (Array.isArray(value) ? (value as unknown[]) : [value]).filter(
    (each) => each !== undefined && each !== null && each !== '',
  )
  return [...new Set(values.map(keyText))]
}

/** What is wrong with a reference's value (a malformed id, a record that is missing or trashed), or null. */
async function problemOf(
  bound: Pick<Bound, 'connection'>,
  field: string,
  reference: ReferenceOptions,
  value: unknown,
): Promise<FieldProblem | null> {
  const values = referenceValues(value)
  if (values.length === 0) return null
  const key = reference.key ?? '_id'
  const what = singular(reference.resource)
  if (key === '_id' && values.some((each) => !/^[0-9a-f]{24}$/i.test(each))) {
    return { path: field, message: `must be a ${what} id` }
  }
  const found = await referencedModel(bound.connection, reference.resource)
    .find({ [key]: { $in: values }, deletedAt: null }, { [key]: 1 })
    .lean<ResourceRecord[]>()
  const existing = new Set(found.map((record) => keyText(record[key])))
  const missing = values.filter((each) => !existing.has(each))
  if (missing.length === 0) return null
  return { path: field, message: `must name an existing ${what} (not found: ${missing.slice(0, 5).join(', ')})` }
}

/**
 * Every reference the write sets must name an existing, live record: 400 naming each field that does not. On an
 * update only references that change are checked, so a form or a full update sending back a reference whose record
 * was trashed since is not refused for a value nobody changed.
 */
export async function checkReferences(bound: Bound, input: ResourceRecord, current?: ResourceRecord): Promise<void> {
  const problems: FieldProblem[] = []
  for (const [field, reference] of Object.entries(bound.def.references ?? {})) {
    if (!(field in input)) continue
    if (current && sameValue(input[field], current[field])) continue
    const problem = await problemOf(bound, field, reference, input[field])
    if (problem) problems.push(problem)
  }
  if (problems.length > 0) throw new ValidationError('Invalid input', problems)
}

/**
 * A trashed record comes back only while everything it references is still there: 409 naming each reference whose
 * record has been trashed (restore that first) or is gone, so a restore never brings back a dangling reference.
 */
export async function checkRestorable(bound: Bound, record: ResourceRecord): Promise<void> {
  const problems: FieldProblem[] = []
  for (const [field, reference] of Object.entries(bound.def.references ?? {})) {
    const problem = await problemOf(bound, field, reference, record[field])
    if (problem)
      problems.push({ path: field, message: `names a ${singular(reference.resource)} that is trashed or gone` })
  }
  if (problems.length > 0) {
    throw new ConflictError(`Restore what this ${bound.def.name.toLowerCase()} references first`, problems)
  }
}

/** `departments` -> `department`, `branches` -> `branch`, for messages. */
export function singular(resource: string): string {
  const words = resource.replace(/-/g, ' ')
  if (words.endsWith('ches') || words.endsWith('shes') || words.endsWith('sses')) return words.slice(0, -2)
  if (words.endsWith('ies')) return `${words.slice(0, -3)}y`
  return words.endsWith('s') ? words.slice(0, -1) : words
}

/** Self-service (an `own`-only update grant) may change a record only in the workflow's owner-editable states. */
export function checkOwnerEditable(def: ResourceDefinition, actor: Actor, current: ResourceRecord): void {
  const workflow = def.workflow
  if (!workflow?.ownerEditableIn || scopeOf(actor, 'update', def.resource) !== 'own') return
  const state = String(current[workflow.field])
  if (!workflow.ownerEditableIn.includes(state)) {
    throw new ConflictError(`Cannot change a ${def.name.toLowerCase()} in state ${state}`, [
      { path: workflow.field, message: `is ${state}` },
    ])
  }
}

function isUniqueField(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && (spec as { unique?: unknown }).unique === true
}

/**
 * For dry runs, which never reach the unique index: a value of a declared unique field that a stored record (trashed
 * ones included, as the index counts them) already holds is the 409 the write would get.
 */
export async function checkUniqueValues(bound: Bound, record: ResourceRecord): Promise<void> {
  const problems: FieldProblem[] = []
  for (const [field, spec] of Object.entries(bound.def.fields)) {
    const value = record[field]
    if (!isUniqueField(spec) || value === undefined || value === null || value === '') continue
    const taken = await bound.model.exists({ [field]: value }).setOptions({ withTrashed: true })
    if (taken) problems.push({ path: field, message: 'is already taken' })
  }
  if (problems.length > 0) {
    throw new ConflictError(`Duplicate value for ${problems.map((problem) => problem.path).join(', ')}`, problems)
  }
}
