import type { Connection, Model } from 'mongoose'
import type { z } from 'zod'
import type { Actor } from '../access/actor.js'
import { auditModel } from '../audit/audit-entry.js'
import type { HistoryPage, HistoryPageOptions } from '../audit/history-page.js'
import { readLogModel } from '../audit/read-entry.js'
import type { Logger } from '../logger.js'
import { createNotifier } from '../notifications/domain-events.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { ListCache, registerListCache } from './list-cache.js'
import { writeInternal, type InternalWrite } from './resource-internal.js'
import * as activities from './resource-activity.js'
import * as reads from './resource-reads.js'
import { registerBound } from './resource-registry.js'
import { replace } from './resource-replace.js'
import * as trashing from './resource-trash.js'
import * as writes from './resource-writes.js'
import * as workflow from './workflow.js'

/**
 * A resource bound to a connection: the one service every door calls (REST, legacy routes, AdminJS, jobs). Every
 * write is checked against the policy for `actor`, validated, revision-checked, and audited.
 */
/**
 * A body as a door received it. Every write parses its input with the resource's zod schema, so doors pass what they
 * got and server code may pass typed input; both are validated the same way.
 */
export type UntrustedInput = Record<string, unknown>

export interface ResourceService<Input extends z.ZodObject = z.ZodObject> {
  readonly def: ResourceDefinition<Input>
  readonly model: Model<ResourceRecord>
  list(actor: Actor, query: reads.ListQuery, options?: reads.ListOptions): Promise<reads.ListResult>
  get(actor: Actor, id: string, options?: reads.GetOptions): Promise<ResourceRecord>
  create(actor: Actor, input: z.input<Input> | UntrustedInput, options?: writes.WriteOptions): Promise<ResourceRecord>
  update(
    actor: Actor,
    id: string,
    input: Partial<z.input<Input>> | UntrustedInput,
    options?: writes.WriteOptions,
  ): Promise<ResourceRecord>
  /** A full update (seed 2's PUT): validated with the create input; absent fields go back to their defaults. */
  replace(
    actor: Actor,
    id: string,
    input: z.input<Input> | UntrustedInput,
    options?: writes.WriteOptions,
  ): Promise<ResourceRecord>
  trash(actor: Actor, id: string, options?: writes.WriteOptions): Promise<ResourceRecord>
  restore(actor: Actor, id: string, options?: writes.WriteOptions): Promise<ResourceRecord>
  destroy(actor: Actor, id: string, options?: writes.WriteOptions): Promise<void>
  /** One page of the trail (at most MAX_HISTORY_PAGE entries). */
  history(actor: Actor, id: string, options?: HistoryPageOptions): Promise<HistoryPage>
  restoreRevision(actor: Actor, id: string, revision: number, options?: writes.WriteOptions): Promise<ResourceRecord>
  /** One page of the record's activity timeline: its audit entries and its `children`'s, newest first. */
  activity(
    actor: Actor,
    id: string,
    children: readonly activities.ActivityChild[],
    options?: activities.ActivityOptions,
  ): Promise<activities.ActivityLines>
  exportRows(actor: Actor, query: reads.ListQuery): AsyncIterable<ResourceRecord>
  /** Takes a declared workflow transition (404 when the resource has none; 409 from a state it does not leave). */
  transition(actor: Actor, id: string, request: workflow.TransitionRequest): Promise<ResourceRecord>
  /** Server code's audited write of internal fields (resource-internal.ts). */
  writeInternal(actor: Actor, id: string, write: InternalWrite): Promise<ResourceRecord>
  /** For the purge job: destroys trashed documents past retention (not those on legal hold). */
  purgeExpired(now: Date, actor?: Actor, options?: trashing.PurgeOptions): Promise<trashing.PurgeOutcome>
}

/** What binding needs from the configuration. */
export interface BindOptions {
  /** List pages are served from memory for at most this long (0: off); see list-cache.ts. */
  readonly readCacheMs: number
  /** How long read entries are kept (the TTL of `audit_reads`). */
  readonly auditReadRetentionDays: number
  /** Where a failed notification (a declared event after a write) is logged; the app passes its logger. */
  readonly logger?: Logger | undefined
  /** Declared events notify their recipients after each write; default true. A migration turns them off. */
  readonly notify?: boolean | undefined
}

export function bindResource<Input extends z.ZodObject>(
  def: ResourceDefinition<Input>,
  connection: Connection,
  options: BindOptions,
): ResourceService<Input> {
  const model =
    (connection.models[def.name] as Model<ResourceRecord> | undefined) ??
    connection.model<ResourceRecord>(def.name, def.schema)
  const bound: reads.Bound = {
    def: def,
    model,
    audit: auditModel(connection),
    readLog: readLogModel(connection, options.auditReadRetentionDays),
    connection,
    lists: new ListCache<reads.ListResult>(options.readCacheMs),
    notifier: options.notify === false ? null : createNotifier(connection, options.logger),
  }
  registerListCache(def.resource, bound.lists)
  registerBound(bound)
  return {
    def,
    model,
    list: (actor, query, listOptions) => reads.list(bound, actor, query, listOptions),
    get: (actor, id, options) => reads.get(bound, actor, id, options),
    create: (actor, input, options) => writes.create(bound, actor, input, options),
    update: (actor, id, input, options) => writes.update(bound, actor, id, input, options),
    replace: (actor, id, input, options) => replace(bound, actor, id, input, options),
    trash: (actor, id, options) => trashing.trash(bound, actor, id, options),
    restore: (actor, id, options) => trashing.restore(bound, actor, id, options),
    destroy: (actor, id, options) => trashing.destroy(bound, actor, id, options),
    history: (actor, id, historyOptions) => reads.history(bound, actor, id, historyOptions),
    restoreRevision: (actor, id, revision, options) => writes.restoreRevision(bound, actor, id, revision, options),
    activity: (actor, id, children, activityOptions) =>
      activities.activity(bound, actor, id, children, activityOptions),
    exportRows: (actor, query) => reads.exportRows(bound, actor, query),
    transition: (actor, id, request) => workflow.transition(bound, actor, id, request),
    writeInternal: (actor, id, write) => writeInternal(bound, actor, id, write),
    purgeExpired: (now, actor, purgeOptions) => trashing.purgeExpired(bound, now, actor, purgeOptions),
  }
}
