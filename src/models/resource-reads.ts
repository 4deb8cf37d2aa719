import { Types, type Connection, type Model } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { can, maskedFields } from '../access/policy.js'
import { maskChanges } from '../audit/activity.js'
import type { AuditModel } from '../audit/audit-entry.js'
import type { Notifier } from '../notifications/domain-events.js'
import { readHistoryPage, type HistoryPage, type HistoryPageOptions } from '../audit/history-page.js'
import { recordRead, type ReadLogModel } from '../audit/read-entry.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { cacheKey, deepFreeze, type ListCache } from './list-cache.js'
import { allOf, mayRead, objectIdOf, present, scopeOrForbid } from './resource-access.js'
import { checkExpand, expandReferences } from './resource-expand.js'
import { refreshSearchIndexState, searchGramFilter } from './search-index.js'

/** A resource bound to one connection: what the reads and writes share. */
export interface Bound {
  readonly def: ResourceDefinition
  readonly model: Model<ResourceRecord>
  readonly audit: AuditModel
  /** Single-document reads of audited resources (`audit_reads`). */
  readonly readLog: ReadLogModel
  readonly connection: Connection
  /** Recent list pages; every write to the collection in this process clears it (list-cache.ts). */
  readonly lists: ListCache<ListResult>
  /** Tells the declared events' recipients after a write commits; null where notifications are off (migrations). */
  readonly notifier: Notifier | null
}

export interface ListQuery {
  page: number
  limit: number
  sort?: Record<string, 1 | -1>
  /** A filter built by our own code over declared fields only; never raw client input. */
  filter?: Record<string, unknown>
  /** Already regex-escaped by the caller? No: plain text, escaped here. */
  q?: string
  fields?: readonly string[]
  trashed?: 'only' | 'include'
  /** Declared reference fields to replace by the records they name (resource-expand.ts). */
  expand?: readonly string[]
  /** Records asked for by id (the panel's reference labels): the declared list defaults hide none of them. */
  withoutDefaults?: boolean
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function trashFilter(bound: Bound, actor: Actor, trashed: ListQuery['trashed']): Record<string, unknown> {
  if (trashed === undefined) return { deletedAt: null }
  if (!can(actor, 'restore', bound.def.resource))
    throw new ForbiddenError(`You may not see the ${bound.def.resource} trash`)
  return trashed === 'only' ? { deletedAt: { $ne: null } } : {}
}

/** The full filter of a list or export: declared filters, the caller's scope, the trash view and the search text. */
export function listFilter(
  bound: Bound,
  actor: Actor,
  query: ListQuery,
  action: 'read' | 'export',
  scope = scopeOrForbid(bound.def, actor, action),
): Record<string, unknown> {
  const search: Record<string, unknown> = {}
  if (query.q) {
    const pattern = new RegExp(escapeRegex(query.q), 'i')
    search.$or = bound.def.search.map((field) => ({ [field]: pattern }))
  }
  const grams = searchGramFilter(bound.def, bound.model, query.q, query.filter ?? {})
  return allOf(
    query.filter ?? {},
    defaultsOf(bound, query),
    scope,
    trashFilter(bound, actor, query.trashed),
    grams,
    search,
  )
}

/** The declared list defaults the query does not override. */
function defaultsOf(bound: Bound, query: ListQuery): Record<string, unknown> {
  const defaults = bound.def.listDefaults
  if (!defaults || query.withoutDefaults === true) return {}
  const given = query.filter ?? {}
  return Object.fromEntries(Object.entries(defaults).filter(([field]) => !(field in given)))
}

function projectionOf(fields: readonly string[] | undefined): Record<string, 1> | undefined {
  if (!fields || fields.length === 0) return undefined
  return Object.fromEntries([...fields, '_rev'].map((field) => [field, 1 as const]))
}

export function sortOf(bound: Bound, sort: ListQuery['sort']): Record<string, 1 | -1> {
  if (sort && Object.keys(sort).length > 0) return { ...sort, _id: sort._id ?? -1 }
  const field = bound.def.defaultSort.replace(/^-/, '')
  return { [field]: bound.def.defaultSort.startsWith('-') ? -1 : 1, _id: -1 }
}

export interface ListResult {
  readonly items: readonly ResourceRecord[]
  readonly total: number
}

/** Pages bigger than the API's own limit (the legacy "all" routes) are not kept: memory would grow with the data. */
const CACHEABLE_LIMIT = 100

// A query object reused by its caller is keyed once.
const queryKeys = new WeakMap<ListQuery, string>()

/** Everything of the query the database request depends on; with the scope and masks it names a page exactly. */
function queryKeyOf(query: ListQuery): string {
  let key = queryKeys.get(query)
  if (key === undefined) {
    key = cacheKey([
      query.filter,
      query.q,
      query.fields,
      query.sort,
      query.page,
      query.limit,
      query.trashed,
      query.withoutDefaults,
    ])
    queryKeys.set(query, key)
  }
  return key
}

export interface ListOptions {
  /**
   * Only the records whose `field` names the parent record `id` (a child list under its parent). The caller has
   * already checked that the actor may read that parent: reading a parent grants reading all its children, so any
   * read grant on this resource suffices and its `own` scope is replaced by the parent link (resource-children.ts).
   */
  readonly under?: { readonly field: string; readonly id: string }
}

/** The record scope of a list: the actor's read scope, or the parent link of a child list. */
function listScope(bound: Bound, actor: Actor, options: ListOptions): Record<string, unknown> {
  const scope = scopeOrForbid(bound.def, actor, 'read')
  return options.under ? { [options.under.field]: options.under.id } : scope
}

export async function list(
  bound: Bound,
  actor: Actor,
  query: ListQuery,
  listOptions: ListOptions = {},
): Promise<ListResult> {
  if (!query.expand || query.expand.length === 0) return listPage(bound, actor, query, listOptions)
  checkExpand(bound.def, query.expand)
  const page = await listPage(bound, actor, query, listOptions)
  return { items: await expandReferences(bound, actor, page.items, query.expand), total: page.total }
}

async function listPage(bound: Bound, actor: Actor, query: ListQuery, listOptions: ListOptions): Promise<ListResult> {
  const scope = listScope(bound, actor, listOptions)
  await refreshSearchIndexState(bound.def, bound.model)
  const where = listFilter(bound, actor, query, 'read', scope)
  const options = query.trashed ? { withTrashed: true } : {}
  const projection = projectionOf(query.fields)
  const sort = sortOf(bound, query.sort)
  const skip = (query.page - 1) * query.limit
  // The key names the exact query and everything `present` depends on (the caller's masks), never the caller:
  // two callers with the same scope and masks get the same page, as they would from the database.
  const cacheable = bound.lists.enabled && query.limit <= CACHEABLE_LIMIT
  const key = cacheable ? `${queryKeyOf(query)}|${cacheKey([scope, maskedFields(actor, bound.def.resource)])}` : ''
  const cached = cacheable ? bound.lists.lookup(key) : undefined
  if (cached) return cached
  const generation = bound.lists.snapshot()
  const [rows, total] = await Promise.all([
    bound.model.find(where, projection, options).sort(sort).skip(skip).limit(query.limit).lean<ResourceRecord[]>(),
    bound.model.countDocuments(where).setOptions(options),
  ])
  const result: ListResult = { items: rows.map((row) => present(bound.def, actor, row)), total }
  if (cacheable) bound.lists.store(key, generation, deepFreeze(result))
  return result
}

/** One document the actor may take `action` on; 404 when it does not exist, is out of scope, or is (not) trashed. */
export async function findForAction(
  bound: Bound,
  actor: Actor,
  id: string,
  action: 'read' | 'update' | 'trash' | 'restore' | 'destroy' | 'history',
  trashed: 'live' | 'trashed' | 'any' = 'live',
): Promise<ResourceRecord> {
  const scope = scopeOrForbid(bound.def, actor, action)
  const state = { live: { deletedAt: null }, trashed: { deletedAt: { $ne: null } }, any: {} }[trashed]
  const _id = objectIdOf(id, bound.def.name)
  const record = await bound.model
    .findOne(allOf({ _id }, scope, state))
    .setOptions({ withTrashed: true })
    .lean<ResourceRecord>()
  if (!record) throw new NotFoundError(`${bound.def.name} not found`)
  return record
}

export interface GetOptions {
  /** Read from the trash (needs `restore`); default false. */
  trashed?: boolean
  /**
   * Leave a read entry when the resource is audited; default true. False only for checks whose result is shown to
   * nobody (the admin request guard, before AdminJS loads the record itself).
   */
  record?: boolean
  /** Declared reference fields to replace by the records they name (resource-expand.ts). */
  expand?: readonly string[]
}

export async function get(bound: Bound, actor: Actor, id: string, options: GetOptions = {}): Promise<ResourceRecord> {
  if (!mayRead(bound.def, actor)) throw new ForbiddenError(`You may not read ${bound.def.resource}`)
  if (options.trashed === true && !can(actor, 'restore', bound.def.resource)) {
    throw new ForbiddenError(`You may not see the ${bound.def.resource} trash`)
  }
  if (options.expand) checkExpand(bound.def, options.expand)
  const record = await findForAction(bound, actor, id, 'read', options.trashed === true ? 'trashed' : 'live')
  // Awaited: a read that cannot be recorded is not served (fail closed).
  if (bound.def.audit && options.record !== false) await recordRead(bound.readLog, bound.def.resource, record, actor)
  const shown = present(bound.def, actor, record)
  if (!options.expand || options.expand.length === 0) return shown
  const [expanded] = await expandReferences(bound, actor, [shown], options.expand)
  return expanded ?? shown
}

/**
 * One page of the committed history (and, when asked, the reads, merged by time), with the caller's masked fields
 * masked in every before/after.
 */
export async function history(
  bound: Bound,
  actor: Actor,
  id: string,
  options: HistoryPageOptions = {},
): Promise<HistoryPage> {
  const record = await findForAction(bound, actor, id, 'history', 'any')
  if (!can(actor, 'read', bound.def.resource, record)) throw new NotFoundError(`${bound.def.name} not found`)
  if (!(record._id instanceof Types.ObjectId)) throw new NotFoundError(`${bound.def.name} not found`)
  const sources = { audit: bound.audit, readLog: bound.readLog, resource: bound.def.resource, documentId: record._id }
  const page = await readHistoryPage(sources, options)
  const masked = new Set(maskedFields(actor, bound.def.resource))
  if (masked.size === 0) return page
  return { ...page, items: page.items.map((entry) => ({ ...entry, changes: maskChanges(entry.changes, masked) })) }
}

/** Rows for a CSV export, streamed from a cursor: the list's filters, the caller's export scope and masks. */
export function exportRows(bound: Bound, actor: Actor, query: ListQuery): AsyncIterable<ResourceRecord> {
  const where = listFilter(bound, actor, query, 'export')
  const columns = query.fields && query.fields.length > 0 ? query.fields : bound.def.exportColumns
  const cursor = bound.model
    .find(where, projectionOf(columns), query.trashed ? { withTrashed: true } : {})
    .sort(sortOf(bound, query.sort))
    .lean<ResourceRecord[]>()
    .batchSize(200)
    .cursor()
  const def = bound.def
  return {
    async *[Symbol.asyncIterator]() {
      for await (const row of cursor) yield present(def, actor, row)
    },
  }
}
