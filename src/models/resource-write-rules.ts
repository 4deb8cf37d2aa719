import { isValidObjectId, type Model } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { scopeOf } from '../access/policy.js'
import { ConflictError, ValidationError, type FieldProblem } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'

// Declared write rules the engine applies on every door: references to other resources, and
// the states in which self-service callers may still edit their own record.

/** The model bound for a resource name (its collection), on this connection. */
export function modelOf(bound: Pick<Bound, 'connection'>, resource: string): Model<ResourceRecord> {
  const model = Object.values(bound.connection.models).find((each) => each.collection.collectionName === resource)
  if (!model) throw new Error(`Resource ${resource} is not bound`)
  return model as Model<ResourceRecord>
}

/** Every referenced record must exist (and not be trashed); 400 naming each field whose value names nothing. */
export async function checkReferences(bound: Bound, input: ResourceRecord): Promise<void> {
  const references = bound.def.references ?? {}
  const problems: FieldProblem[] = []
  for (const [field, reference] of Object.entries(references)) {
    const value = input[field]
    if (value === undefined || value === null || value === '') continue
    const key = reference.key ?? '_id'
    const values = (Array.isArray(value) ? value : [value]).map((each) => String(each))
    if (key === '_id' && values.some((each) => !isValidObjectId(each) || each.length !== 24)) {
      problems.push({ path: field, message: 'must be a record id' })
      continue
    }
    const unique = [...new Set(values)]
    const found = await modelOf(bound, reference.resource).countDocuments({ [key]: { $in: unique }, deletedAt: null })
    if (found !== unique.length) {
      problems.push({ path: field, message: `must name an existing ${singular(reference.resource)}` })
    }
  }
  if (problems.length > 0) throw new ValidationError('Invalid input', problems)
}

/** `departments` -> `department`, `branches` -> `branch`, for messages. */
function singular(resource: string): string {
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
