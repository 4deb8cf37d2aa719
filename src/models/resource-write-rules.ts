import type { Model } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { scopeOf } from '../access/policy.js'
import { ConflictError, ValidationError, type FieldProblem } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'

// Declared write rules the engine applies on every door: references to other resources, and
// the states in which self-service callers may still edit their own record.

/** Every referenced record must exist (and not be trashed); 400 naming each field whose value names nothing. */
export async function checkReferences(bound: Bound, input: ResourceRecord): Promise<void> {
  const references = bound.def.references ?? {}
  const problems: FieldProblem[] = []
  for (const [field, reference] of Object.entries(references)) {
    const value = input[field]
    if (value === undefined || value === null || value === '') continue
    const model = bound.connection.models[reference.model] as Model<ResourceRecord> | undefined
    if (!model) throw new Error(`Model ${reference.model} is not bound`)
    const found = await model.exists({ [reference.key]: value, deletedAt: null })
    if (!found) problems.push({ path: field, message: `must name an existing ${reference.model.toLowerCase()}` })
  }
  if (problems.length > 0) throw new ValidationError('Invalid input', problems)
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
