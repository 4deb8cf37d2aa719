import type { RoleGrant } from './matrix.js'

/** A person signed in with a role; `grants` are the role's permissions as read from the roles collection. */
export interface UserActor {
  readonly kind: 'user'
  readonly id: string
  readonly role: string
  readonly grants: readonly RoleGrant[]
  /** Where the user stands in the organisation; absent for actors built without it (treated as nowhere). */
  readonly placement?: Placement
}

/**
 * What the user's employee profile says about them (auth/principals.ts): the departments they belong to (their
 * profile's one department) and the employee profiles that name them as reporting manager. The relations of the
 * access policy (relations.ts) read it; empty lists for a user without a profile.
 */
export interface Placement {
  readonly departments: readonly string[]
  readonly reports: readonly string[]
}

/** A scheduled job (e.g. `trash.purge`): trusted code acting on its own behalf. */
export interface JobActor {
  readonly kind: 'job'
  readonly name: string
  /** The run this write belongs to (a job's run history entry); absent for code acting as a job outside a run. */
  readonly runId?: string
}

/** An inbound webhook (e.g. `razorpay`), already authenticated by its signature. */
export interface WebhookActor {
  readonly kind: 'webhook'
  readonly source: string
}

/** Start-up and maintenance code (seeding, migrations, consistency repair). */
export interface SystemActor {
  readonly kind: 'system'
}

export type Actor = UserActor | JobActor | WebhookActor | SystemActor

export const systemActor: SystemActor = Object.freeze({ kind: 'system' })

/** A short label for logs and audit entries. */
export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.id}`
    case 'job':
      return `job:${actor.name}`
    case 'webhook':
      return `webhook:${actor.source}`
    case 'system':
      return 'system'
  }
}
