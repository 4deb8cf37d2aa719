import type { Action, ActionResponse } from 'adminjs'
import type { Action as PolicyAction } from '../access/matrix.js'
import type { AppContext } from '../app-context.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { AdminStore } from './admin-store.js'
import { leadActions, LEAD_VERBS } from './lead-actions.js'

// A resource's own panel verbs beyond CRUD and its workflow transitions (which transition-actions.ts generates for
// every resource with a workflow): the leads' assign-to-me, unassign and unmerge.

type Actions = Record<string, Partial<Action<ActionResponse>>>

/** The policy action each of these panel actions needs (the request guard refuses unmapped ones). */
export function adminVerbsOf(service: ResourceService): Record<string, PolicyAction> {
  return service.def.resource === 'leads' ? { ...LEAD_VERBS } : {}
}

export function extraActions(context: AppContext, service: ResourceService, store: AdminStore): Actions {
  return service.def.resource === 'leads' ? leadActions(context, store) : {}
}
