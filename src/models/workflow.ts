import type { z } from 'zod'
import { systemActor, type Actor } from '../access/actor.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { withInheritedOwner } from './owner-from.js'
import type { Bound } from './resource-reads.js'
import { assertMayTake, findForTransition, mayTake, mayTakeAny } from './workflow-access.js'
import { checkReferences } from './resource-write-rules.js'
import { checkRecord, checkRevision, verifyRecord, writeState } from './resource-writes.js'

// Declared state machines: a resource names its state field and the transitions between states; the engine serves
// them on every door (REST `POST /:id/transition` and `POST /:id/<name>`, the admin actions, jobs), refuses a
// transition that is not allowed from the current state with 409 naming it, and audits each one with its reason.

export interface WorkflowTransition {
  /** The verb (`approve`): URL segment, admin action and audit reason prefix. */
  readonly name: string
  readonly from: readonly string[]
  readonly to: string
  /** Roles that may take it (besides jobs and system code); default: anyone who may update the record. */
  readonly roles?: readonly string[]
  /**
   * Also taken by the reporting manager of the record's employee (the declaration's `access.reportingManager`),
   * whatever their role: a manager approves their reports' leaves (workflow-access.ts).
   */
  readonly byManager?: boolean
  /** Refused to the record's owner whatever their role (nobody approves their own leave): 403 saying so. */
  readonly notByOwner?: boolean
  readonly reasonRequired?: boolean
  /**
   * Taken only by server code that does more than change the state (a lead's conversion creates a booking first):
   * not served by the generic REST routes or admin actions; a request must say `internal: true`.
   */
  readonly internal?: boolean
  /**
   * Extra values the transition records (`relievingDate`), parsed from the request body; keys must be in `fields` or
   * be stored fields no update may change (a deal's `stage`, moved by its `move` transition). Checked like any
   * write's values: references, `check` and `verify` on the merged record.
   */
  readonly input?: z.ZodObject
  /** A stored field that also keeps the transition's reason (a lost deal's `lostReason`). */
  readonly reasonField?: string
  /**
   * Values the server records with the move, from the record before it (a ticket's `firstResponseAt` on its first
   * move out of `open`); keys must be in the workflow's `fields`. Never taken from the request.
   */
  readonly stamp?: (current: ResourceRecord, now: Date) => ResourceRecord
}

export interface WorkflowOptions {
  /** The state field (`status`): set to `initial` on create, changed only by transitions. */
  readonly field: string
  readonly initial: string
  readonly states: readonly string[]
  readonly transitions: readonly WorkflowTransition[]
  /** Further fields only transitions set (dates, the last reason); not in the create/update input. */
  readonly fields?: readonly string[]
  /**
   * States in which a caller whose update grant is only `own` (self-service) may still change the record; from any
   * other state their update is refused with 409 naming it. Default: every state.
   */
  readonly ownerEditableIn?: readonly string[]
}

export interface TransitionRequest {
  /** The transition's name, or the target state when the name is not known (`POST /:id/transition {to}`). */
  readonly name?: string | undefined
  readonly to?: string | undefined
  readonly reason?: string | null | undefined
  /** The body's extra values, parsed by the transition's `input`. */
  readonly values?: Record<string, unknown> | undefined
  readonly ifRevision?: number | undefined
  /**
   * Server code completing a step the actor was already allowed to start (a payment's provider answer after its
   * creation): the actor is recorded, the role and update checks are skipped. Never set from a request.
   */
  readonly onBehalf?: boolean | undefined
  /** Set only by server code taking an `internal` transition. */
  readonly internal?: boolean | undefined
}

/** The transitions this actor could take from the record's current state (the admin panel shows these). */
export function allowedTransitions(def: ResourceDefinition, actor: Actor, record: ResourceRecord): WorkflowTransition[] {
  const workflow = def.workflow
  const state = workflow === undefined ? undefined : record[workflow.field]
  return (workflow?.transitions ?? []).filter(
    (transition) =>
      typeof state === 'string' &&
      transition.internal !== true &&
      transition.from.includes(state) &&
      mayTake(def, transition, actor, record),
  )
}

function pick(workflow: WorkflowOptions, request: TransitionRequest, state: string): WorkflowTransition {
  const candidates = workflow.transitions.filter((t) =>
    request.name === undefined ? t.to === request.to : t.name === request.name,
  )
  if (candidates.length === 0) {
    throw new NotFoundError(`No transition ${request.name ?? `to ${String(request.to)}`}`)
  }
  const fitting = candidates.find((t) => t.from.includes(state))
  if (!fitting) {
    const wanted = request.name ?? `move to ${String(request.to)}`
    throw new ConflictError(`Cannot ${wanted} from state ${state}`, [{ path: workflow.field, message: `is ${state}` }])
  }
  return fitting
}

function valuesOf(transition: WorkflowTransition, request: TransitionRequest): ResourceRecord {
  if (!transition.input) return {}
  return transition.input.parse(request.values ?? {})
}

/** Takes one declared transition: checks access, state and reason, then one audited conditional write. */
export async function transition(
  bound: Bound,
  actor: Actor,
  id: string,
  request: TransitionRequest,
): Promise<ResourceRecord> {
  const workflow = bound.def.workflow
  if (!workflow) throw new NotFoundError(`${bound.def.name} has no workflow`)
  const trusted = request.onBehalf === true
  if (!trusted && !mayTakeAny(bound.def, actor)) {
    throw new ForbiddenError(`You may not change ${bound.def.resource}`)
  }
  const current = await findForTransition(bound, trusted ? systemActor : actor, id)
  const state = String(current[workflow.field])
  const chosen = pick(workflow, request, state)
  if (chosen.internal === true && request.internal !== true) {
    throw new ConflictError(`${chosen.name} is taken through its own verb, not as a plain transition`)
  }
  if (!trusted) assertMayTake(bound.def, chosen, actor, current)
  const reason = request.reason?.trim() ?? ''
  if (chosen.reasonRequired === true && reason === '') {
    throw new ValidationError('A reason is required', [{ path: 'reason', message: 'is required' }])
  }
  checkRevision(current, request.ifRevision)
  const values = await withInheritedOwner(bound, trusted ? systemActor : actor, valuesOf(chosen, request), 'update')
  const stamped = chosen.stamp?.(current, new Date()) ?? {}
  const set: ResourceRecord = { ...values, ...stamped, [workflow.field]: chosen.to }
  if (chosen.reasonField !== undefined) set[chosen.reasonField] = reason
  await checkReferences(bound, set, current)
  if (Object.keys(values).length > 0) {
    checkRecord(bound.def, { ...current, ...values })
    await verifyRecord(bound, { ...current, ...values })
  }
  // Conditioned on the state read, so two racing transitions cannot both apply (the loser gets 412).
  return writeState(bound, actor, current, set, {
    action: 'transition',
    condition: { deletedAt: null, [workflow.field]: state },
    options: { reason: reason === '' ? chosen.name : `${chosen.name}: ${reason}` },
    announce: { transition: chosen.name },
  })
}
