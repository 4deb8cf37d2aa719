import type { Actor } from '../access/actor.js'
import type { Action, Resource } from '../access/matrix.js'

/** One stored record as the panel receives it: masked, ids as strings. */
export type AdminRecord = Record<string, unknown>

export interface AdminListQuery {
  page: number
  limit: number
  /** Built by src/admin/admin-filter.ts over declared filter fields only. */
  filter: Record<string, unknown>
  sort?: Record<string, 1 | -1>
  /** Search text over the resource's search fields (the reference pickers' type-ahead). */
  q?: string
}

/**
 * What the panel does with one AdminJS resource, in model-layer terms. Each method takes the actor and lets the
 * model layer (or the users/roles operations) apply the policy, validation and audit: the panel adds no rules.
 */
export interface AdminStore {
  /** The policy resource whose grants decide access. */
  readonly resource: Resource
  /** Which policy action an AdminJS action needs here; undefined refuses the action outright. */
  policyActionOf(adminAction: string): Action | undefined
  /** Whether this actor may take that policy action (on this record, when given). */
  may(actor: Actor, action: Action, record?: AdminRecord): boolean
  /**
   * Decides an AdminJS action the policy action alone cannot (a workflow transition a reporting manager may take
   * without `update`, or an owner may not take with it): true/false, or undefined to leave it to `may`.
   */
  decides?(actor: Actor, adminAction: string, record?: AdminRecord): boolean | undefined
  list(actor: Actor, query: AdminListQuery): Promise<{ items: readonly AdminRecord[]; total: number }>
  /** `record: false` leaves no read entry: for access checks whose result nobody sees (default true). */
  get(actor: Actor, id: string, options?: { record?: boolean }): Promise<AdminRecord>
  /**
   * The records of these ids the actor may read, in one query (labels of references in lists and pages); those it
   * may not read are left out. Stores without it are read one `get` at a time.
   */
  many?(actor: Actor, ids: readonly string[]): Promise<readonly AdminRecord[]>
  create(actor: Actor, input: Record<string, unknown>): Promise<AdminRecord>
  update(actor: Actor, id: string, input: Record<string, unknown>): Promise<AdminRecord>
  /** The panel's delete: to the trash for live records, permanent from a trash view. */
  remove(actor: Actor, id: string): Promise<void>
}

/** AdminJS's built-in actions and what each one needs from the policy on a live (not trashed) resource. */
export const LIVE_ACTIONS: Readonly<Record<string, Action>> = {
  list: 'read',
  search: 'read',
  show: 'read',
  new: 'create',
  edit: 'update',
  delete: 'trash',
  bulkDelete: 'trash',
  history: 'history',
  // The activity timeline needs what the history needs (its children's entries are filtered by their own grants).
  activity: 'history',
  export: 'export',
}
