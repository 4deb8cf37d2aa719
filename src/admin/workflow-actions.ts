import {
  ForbiddenError,
  type Action,
  type ActionContext,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import type { Action as PolicyAction } from '../access/matrix.js'
import type { AppContext } from '../app-context.js'
import type { ResourceService } from '../models/bind-resource.js'
import { allowedTransitions } from '../models/workflow.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import type { AdminStore } from './admin-store.js'
import { leadActions, LEAD_VERBS } from './lead-actions.js'

// A declared workflow's transitions as record actions of the panel (one button per transition, shown only where the
// record's state allows it), plus a resource's own verbs. Transitions that need a reason typed in are left to the
// REST API (`POST /:id/<name> {reason}`): a button cannot ask for one.

type Actions = Record<string, Partial<Action<ActionResponse>>>

function panelTransitions(service: ResourceService) {
  return (service.def.workflow?.transitions ?? []).filter((t) => t.internal !== true && t.reasonRequired !== true)
}

/** The policy action each extra panel action needs (the request guard refuses unmapped ones). */
export function adminVerbsOf(service: ResourceService): Record<string, PolicyAction> {
  const verbs: Record<string, PolicyAction> = {}
  for (const transition of panelTransitions(service)) verbs[transition.name] = 'update'
  if (service.def.resource === 'leads') Object.assign(verbs, LEAD_VERBS)
  return verbs
}

function transitionAction(service: ResourceService, store: AdminStore, name: string): Partial<Action<ActionResponse>> {
  const workflow = service.def.workflow
  const allowed = accessTo(store, name)
  return {
    actionType: 'record',
    icon: 'ArrowRight',
    component: false,
    guard: `${name}: are you sure?`,
    isAccessible: (ctx: ActionContext) => {
      const actor = currentActor()
      const record = ctx.record?.params
      if (!allowed(ctx) || !actor || !workflow || !record) return false
      return allowedTransitions(workflow, actor, record).some((t) => t.name === name)
    },
    handler: async (_request, _response, ctx: ActionContext): Promise<RecordActionResponse> => {
      const actor = currentActor()
      if (!actor || !ctx.record) throw new ForbiddenError()
      const id = ctx.record.id()
      await adminCall(() => service.transition(actor, id, { name, reason: 'admin panel' }))
      const fresh = (await ctx.resource.findOne(id, ctx)) ?? ctx.record
      return { record: fresh.toJSON(ctx.currentAdmin), notice: { message: `Done: ${name}`, type: 'success' } }
    },
  }
}

export function extraActions(context: AppContext, service: ResourceService, store: AdminStore): Actions {
  const actions: Actions = {}
  for (const transition of panelTransitions(service)) {
    actions[transition.name] = transitionAction(service, store, transition.name)
  }
  if (service.def.resource === 'leads') Object.assign(actions, leadActions(context, store))
  return actions
}
