import type { ActionContext } from 'adminjs'
import type { Actor } from '../access/actor.js'
import { currentActor } from '../request-context.js'
import type { AdminRecord, AdminStore } from './admin-store.js'

/**
 * AdminJS's `isAccessible` for one action of one store: the policy decides, for the request's actor (resolved by
 * the session middleware, never taken from the session's stored copy), on the record when there is one.
 */
export function accessTo(store: AdminStore, adminAction: string): (context: ActionContext) => boolean {
  return ({ record }) => {
    const actor = currentActor()
    if (!actor) return false
    return mayRun(store, actor, adminAction, record?.params)
  }
}

export function mayRun(store: AdminStore, actor: Actor, adminAction: string, record?: AdminRecord): boolean {
  const decided = store.decides?.(actor, adminAction, record)
  if (decided !== undefined) return decided
  const action = store.policyActionOf(adminAction)
  return action !== undefined && store.may(actor, action, record)
}
