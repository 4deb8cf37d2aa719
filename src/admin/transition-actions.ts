import {
  ForbiddenError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import { z } from 'zod'
import type { ResourceService } from '../models/bind-resource.js'
import { allowedTransitions, type WorkflowTransition } from '../models/workflow.js'
import { mayTakeAny } from '../models/workflow-access.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import { referenceTargets } from './reference-targets.js'
import type { AdminStore } from './admin-store.js'
import { TRANSITION_COMPONENT } from './components/index.js'

// One record action per declared workflow transition (approve, reject, deactivate...), generated for any resource
// with a workflow: shown only where the viewer may take it from the record's current state, with a dialog asking
// for the reason (and the transition's values, e.g. a relieving date), ending in the same service call as REST.

/**
 * One of a transition's extra values: a date (a relieving date), a record of another resource (a deal's new stage:
 * chosen with the same type-ahead picker as the edit form, over what the viewer may read) or text.
 */
export interface TransitionField {
  readonly name: string
  readonly kind: 'date' | 'text' | 'reference'
  /** The referenced resource's panel id (`Stage`), for a reference. */
  readonly reference?: string
  /** False where the input has a default (a deal's closing date: now). */
  readonly required: boolean
}

/** What the dialog needs to draw itself. */
export interface TransitionForm {
  readonly name: string
  readonly to: string
  readonly reasonRequired: boolean
  readonly fields: readonly TransitionField[]
}

const Body = z.object({ reason: z.string().max(1000).optional() }).loose()

/** The value kind under optional/default wrappers. */
function kindOf(schema: z.ZodType): TransitionField['kind'] {
  const def = schema.def as { type: string; innerType?: z.ZodType }
  if (def.innerType) return kindOf(def.innerType)
  return def.type === 'date' ? 'date' : 'text'
}

function formOf(transition: WorkflowTransition, references: Readonly<Record<string, string>>): TransitionForm {
  const shape = (transition.input?.shape ?? {}) as Record<string, z.ZodType>
  return {
    name: transition.name,
    to: transition.to,
    reasonRequired: transition.reasonRequired === true,
    fields: Object.entries(shape).map(([name, schema]) => {
      const required = !schema.safeParse(undefined).success
      // A declared id reference (the transition's values are checked like any write's references).
      const reference = references[name]
      return reference === undefined
        ? { name, kind: kindOf(schema), required }
        : { name, kind: 'reference' as const, reference, required }
    }),
  }
}

function transitionAction(
  service: ResourceService,
  store: AdminStore,
  transition: WorkflowTransition,
): Partial<Action<ActionResponse>> {
  const workflow = service.def.workflow
  const allowed = accessTo(store, transition.name)
  return {
    actionType: 'record',
    icon: 'ArrowRightCircle',
    component: TRANSITION_COMPONENT,
    isAccessible: (ctx: ActionContext) => {
      const actor = currentActor()
      const params = ctx.record?.params
      if (!actor || !workflow) return false
      // Without a record (the list's bulk menu): whoever may take it somewhere; a record decides for itself (a
      // reporting manager on their report's leave, never on their own).
      if (!params) return allowed(ctx) || mayTakeAny(service.def, actor)
      return allowedTransitions(service.def, actor, params).some((t) => t.name === transition.name)
    },
    handler: async (request: ActionRequest, _response: unknown, ctx: ActionContext) => {
      const actor = currentActor()
      if (!actor || !ctx.record) throw new ForbiddenError()
      const id = ctx.record.id()
      const form = formOf(transition, referenceTargets(service))
      if (request.method !== 'post') return { record: ctx.record.toJSON(ctx.currentAdmin), form }
      const { reason, ...values } = Body.parse(request.payload ?? {})
      await adminCall(() => service.transition(actor, id, { name: transition.name, reason, values }))
      const fresh = (await ctx.resource.findOne(id, ctx)) ?? ctx.record
      const response: RecordActionResponse & { form: TransitionForm } = {
        record: fresh.toJSON(ctx.currentAdmin),
        form,
        notice: { message: `${transition.name}: now ${transition.to}`, type: 'success' },
        redirectUrl: ctx.h.recordActionUrl({ resourceId: ctx.resource.id(), recordId: id, actionName: 'show' }),
      }
      return response
    },
  }
}

export function transitionActions(
  service: ResourceService,
  store: AdminStore,
): Record<string, Partial<Action<ActionResponse>>> {
  return Object.fromEntries(panelTransitions(service).map((t) => [t.name, transitionAction(service, store, t)]))
}

/** The admin action names that are transitions (the store maps them to the policy's `update`). */
export function transitionNames(service: ResourceService): ReadonlySet<string> {
  return new Set(panelTransitions(service).map((t) => t.name))
}

/** Internal transitions (a lead's conversion) are taken only through their own verb, never from a panel button. */
function panelTransitions(service: ResourceService): readonly WorkflowTransition[] {
  return (service.def.workflow?.transitions ?? []).filter((t) => t.internal !== true)
}
