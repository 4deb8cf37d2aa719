import {
  ForbiddenError,
  type Action,
  type ActionContext,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import type { Action as PolicyAction } from '../access/matrix.js'
import type { AppContext } from '../app-context.js'
import { assignLead } from '../leads/assign.js'
import { unmergeLead } from '../leads/unmerge.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import type { AdminStore } from './admin-store.js'

// The lead verbs a button can take without a form: take a lead yourself, give it back, undo a merge. Assigning to
// someone else, merging chosen leads and converting (which needs the booking's amount and branch) go through
// `POST /api/v1/leads/:id/assign|merge|convert`.

type Actions = Record<string, Partial<Action<ActionResponse>>>

export const LEAD_VERBS: Readonly<Record<string, PolicyAction>> = {
  assignToMe: 'update',
  unassign: 'update',
  unmerge: 'update',
}

function recordAction(
  store: AdminStore,
  name: string,
  shown: (params: Record<string, unknown>, actorId: string) => boolean,
  run: (actorId: string, id: string) => Promise<string>,
): Partial<Action<ActionResponse>> {
  const allowed = accessTo(store, name)
  return {
    actionType: 'record',
    icon: 'UserCheck',
    component: false,
    guard: `${name}: are you sure?`,
    isAccessible: (ctx: ActionContext) => {
      const actor = currentActor()
      return allowed(ctx) && actor?.kind === 'user' && ctx.record !== undefined && shown(ctx.record.params, actor.id)
    },
    handler: async (_request, _response, ctx: ActionContext): Promise<RecordActionResponse> => {
      const actor = currentActor()
      if (actor?.kind !== 'user' || !ctx.record) throw new ForbiddenError()
      const id = ctx.record.id()
      const message = await run(actor.id, id)
      const fresh = (await ctx.resource.findOne(id, ctx)) ?? ctx.record
      return { record: fresh.toJSON(ctx.currentAdmin), notice: { message, type: 'success' } }
    },
  }
}

export function leadActions(context: AppContext, store: AdminStore): Actions {
  const actor = () => {
    const current = currentActor()
    if (!current) throw new ForbiddenError()
    return current
  }
  return {
    assignToMe: recordAction(
      store,
      'assignToMe',
      (params, me) => params.assignedTo !== me && (params.mergedInto ?? null) === null,
      async (me, id) => {
        await adminCall(() => assignLead(context, actor(), id, { assignedTo: me }))
        return 'Assigned to you'
      },
    ),
    unassign: recordAction(
      store,
      'unassign',
      (params) => typeof params.assignedTo === 'string' && params.assignedTo !== '',
      async (_me, id) => {
        await adminCall(() => assignLead(context, actor(), id, { assignedTo: null }))
        return 'Unassigned'
      },
    ),
    unmerge: recordAction(
      store,
      'unmerge',
      (params) =>
        typeof params.mergedInto === 'string' || Object.keys(params).some((key) => key.startsWith('mergeIds.')),
      async (_me, id) => {
        const merge = await adminCall(() => unmergeLead(context, actor(), id))
        return `Merge undone: ${merge.mergedIds.length + 1} leads separated`
      },
    ),
  }
}
