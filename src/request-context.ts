import { AsyncLocalStorage } from 'node:async_hooks'
import type { Actor } from './access/actor.js'

/** What every log line and every write needs to know about the request it serves. */
export interface RequestContext {
  readonly requestId: string
  /** Set once authentication has resolved the caller; jobs and start-up code run with their own actor. */
  actor: Actor | undefined
}

const storage = new AsyncLocalStorage<RequestContext>()

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore()
}

export function currentActor(): Actor | undefined {
  return storage.getStore()?.actor
}
