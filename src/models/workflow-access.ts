import type { Actor } from '../access/actor.js'
import { can, ownsRecord, scopeFilter } from '../access/policy.js'
import { eitherOf, managerFilter, managesRecord } from '../access/relations.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { allOf, objectIdOf } from './resource-access.js'
import type { Bound } from './resource-reads.js'
import type { WorkflowTransition } from './workflow.js'

// Who may take a transition: a role the transition names (or anyone, when it names none) on a record in their update
// scope, or the reporting manager of the record's employee where the transition opens itself to managers
// (`byManager`, with the declaration's `access.reportingManager`). A transition may also refuse the record's owner
// (`notByOwner`): nobody decides their own request, whatever their role.

function roleAllows(transition: WorkflowTransition, actor: Actor): boolean {
  // Jobs, system code and webhooks (signature-checked, limited by the policy's webhook grants) need no role.
  if (actor.kind !== 'user') return true
  return transition.roles === undefined || transition.roles.includes(actor.role)
}

/** Would the owner rule refuse this actor this transition on this record? */
export function isOwnDecision(
  def: ResourceDefinition,
  transition: WorkflowTransition,
  actor: Actor,
  record: ResourceRecord,
): boolean {
  return transition.notByOwner === true && ownsRecord(actor, def.resource, record)
}

/** May the actor take the transition on this record (its state aside)? */
export function mayTake(
  def: ResourceDefinition,
  transition: WorkflowTransition,
  actor: Actor,
  record: ResourceRecord,
): boolean {
  if (isOwnDecision(def, transition, actor, record)) return false
  if (roleAllows(transition, actor) && can(actor, 'update', def.resource, record)) return true
  return transition.byManager === true && managesRecord(actor, def.resource, record)
}

/** May the actor take some transition on some record (before one is loaded)? */
export function mayTakeAny(def: ResourceDefinition, actor: Actor): boolean {
  return can(actor, 'update', def.resource) || managedFilter(def, actor) !== null
}

function managedFilter(def: ResourceDefinition, actor: Actor): Record<string, unknown> | null {
  const opens = def.workflow?.transitions.some((t) => t.byManager === true)
  return opens === true ? managerFilter(actor, def.resource) : null
}

/** The live record a transition is asked on: in the actor's update scope or among their reports'; 404 otherwise. */
export async function findForTransition(bound: Bound, actor: Actor, id: string): Promise<ResourceRecord> {
  const scope = eitherOf(scopeFilter(actor, bound.def.resource, 'update'), managedFilter(bound.def, actor))
  if (scope === null) throw new ForbiddenError(`You may not change ${bound.def.resource}`)
  const _id = objectIdOf(id, bound.def.name)
  const record = await bound.model.findOne(allOf({ _id }, scope, { deletedAt: null })).lean<ResourceRecord>()
  if (!record) throw new NotFoundError(`${bound.def.name} not found`)
  return record
}

/** 403 unless the actor may take the transition on the record, saying why when it is their own request. */
export function assertMayTake(
  def: ResourceDefinition,
  transition: WorkflowTransition,
  actor: Actor,
  record: ResourceRecord,
): void {
  if (isOwnDecision(def, transition, actor, record)) {
    throw new ForbiddenError(`You may not ${transition.name} your own ${def.name.toLowerCase()}`)
  }
  if (!mayTake(def, transition, actor, record)) throw new ForbiddenError(`You may not ${transition.name} ${def.resource}`)
}
