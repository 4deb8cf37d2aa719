import type { Document, Filter } from 'mongodb'
import type { Model, Schema } from 'mongoose'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { literalOf, recordGrams, SEARCH_GRAMS_FIELD, termGrams } from './search-grams.js'

// A resource's search index (`searchIndex: true`): the trigrams of its search fields kept in one internal array
// field with a multikey index, so `q=` and literal substring filters on search fields read candidates from the
// index instead of scanning. The grams are derived data: written beside every write of a search field (create,
// update, replace, restore, imports, internal writes all end in resource-writes.ts), never in outputs or audit
// entries, and filled for older records by the `search.backfill` job. Until that backfill has finished, a
// persisted marker says so and every query keeps scanning: results never depend on the index being complete.

/** The marker collection: `{ _id: <resource>, ready: true, readyAt }` once every record has its grams. */
const STATE_COLLECTION = 'search_index_state'
/** While not ready, a process re-reads the marker at most this often (another process may run the backfill). */
const RECHECK_MS = 10_000

/** The internal field and its index; `select: false` keeps it out of every read the engine makes. */
export function searchIndexPlugin(schema: Schema): void {
  schema.add({ [SEARCH_GRAMS_FIELD]: { type: [String], default: undefined, select: false } })
  // Alone, not behind `deletedAt`: one short key per gram (memory on the embedded server), trashed records are few.
  schema.index({ [SEARCH_GRAMS_FIELD]: 1 })
}

/** The `$set` a write adds: fresh grams when it changes a search field of an indexed resource, else nothing. */
export function searchGramsOf(
  def: ResourceDefinition,
  merged: ResourceRecord,
  changed?: ResourceRecord,
): ResourceRecord {
  if (def.searchIndex !== true) return {}
  if (changed && !def.search.some((field) => field in changed)) return {}
  return { [SEARCH_GRAMS_FIELD]: recordGrams(def.search, merged) }
}

interface ReadyState {
  ready: boolean
  checkedAt: number
}
const states = new WeakMap<Model<ResourceRecord>, ReadyState>()

function stateCollection(model: Model<ResourceRecord>) {
  return model.db.collection<{ _id: string; ready: boolean; readyAt: Date }>(STATE_COLLECTION)
}

/** Whether queries may use the index: only once the marker says every record has its grams. */
export function searchIndexReady(def: ResourceDefinition, model: Model<ResourceRecord>): boolean {
  return def.searchIndex === true && states.get(model)?.ready === true
}

/** Re-reads the marker when not known ready (cheap: at most once per RECHECK_MS; never again once ready). */
export async function refreshSearchIndexState(def: ResourceDefinition, model: Model<ResourceRecord>): Promise<void> {
  if (def.searchIndex !== true) return
  const known = states.get(model)
  if (known?.ready === true || (known && Date.now() - known.checkedAt < RECHECK_MS)) return
  const marker = await stateCollection(model).findOne({ _id: def.resource })
  states.set(model, { ready: marker?.ready === true, checkedAt: Date.now() })
}

async function markReady(def: ResourceDefinition, model: Model<ResourceRecord>): Promise<void> {
  await stateCollection(model).updateOne(
    { _id: def.resource },
    { $set: { ready: true, readyAt: new Date() } },
    { upsert: true },
  )
  states.set(model, { ready: true, checkedAt: Date.now() })
}

/**
 * At start-up: an empty collection (a new database) is ready at once; one with records and no marker waits for the
 * search.backfill job, whose first run finds the records that lack grams. Looking for them here held start-up for
 * as long as that scan took: 4.8 s on 1M bookings whose first 121k had been filled.
 */
export async function prepareSearchIndex(def: ResourceDefinition, model: Model<ResourceRecord>): Promise<void> {
  if (def.searchIndex !== true) return
  states.delete(model)
  await refreshSearchIndexState(def, model)
  if (searchIndexReady(def, model)) return
  // Exact, and as cheap: an estimated count reads metadata, which MongoDB can get wrong after an unclean shutdown.
  if (!(await model.collection.findOne({}, { projection: { _id: 1 } }))) await markReady(def, model)
}

export interface BackfillOptions {
  /** Records per batch (default 500). */
  readonly batch?: number
  readonly signal?: AbortSignal
  readonly afterBatch?: (filled: number) => Promise<void>
}

/**
 * Fills the grams of records that lack them (written before the index existed), in batches, then marks the index
 * ready. Derived data, not a change anyone made: no revision, no audit entry. Each update is conditioned on the
 * grams still missing, so a concurrent write that set them is never overwritten with grams of older values (a
 * write that did not touch a search field leaves the values these grams were computed from unchanged).
 * Returns the number of records filled; stops early (not ready) when `signal` aborts.
 */
export async function backfillSearchGrams(
  def: ResourceDefinition,
  model: Model<ResourceRecord>,
  options: BackfillOptions = {},
): Promise<number> {
  if (def.searchIndex !== true) return 0
  const missing = { [SEARCH_GRAMS_FIELD]: { $exists: false } }
  const projection = Object.fromEntries(def.search.map((field) => [field, 1]))
  let filled = 0
  // In `_id` order from where the last batch ended: each batch reads the `_id` index, never re-scans filled records.
  let after: unknown = null
  for (;;) {
    if (options.signal?.aborted === true) return filled
    const filter = (after === null ? missing : { _id: { $gt: after }, ...missing }) as Filter<Document>
    const records = await model.collection
      .find(filter, { projection })
      .sort({ _id: 1 })
      .limit(options.batch ?? 500)
      .toArray()
    if (records.length === 0) break
    after = records[records.length - 1]?._id
    await model.collection.bulkWrite(
      records.map((record) => ({
        updateOne: {
          filter: { _id: record._id, ...missing },
          update: { $set: { [SEARCH_GRAMS_FIELD]: recordGrams(def.search, record) } },
        },
      })),
      { ordered: false },
    )
    filled += records.length
    await options.afterBatch?.(records.length)
  }
  await markReady(def, model)
  return filled
}

/**
 * The gram condition of a list filter: the grams of `q` and of every literal substring regex the filter puts on a
 * search field (the legacy `bdmName`, the admin panel's text filters). Each such term's grams are a superset
 * filter, and the caller keeps the regexes, so the result is the regexes' result. Empty when the index is not
 * ready or no term qualifies (shorter than 3 characters, non-ASCII): those queries scan as before.
 */
export function searchGramFilter(
  def: ResourceDefinition,
  model: Model<ResourceRecord>,
  q: string | undefined,
  filter: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (!searchIndexReady(def, model)) return {}
  const terms = def.search.map((field) => literalOf(filter[field]))
  const grams = new Set<string>()
  for (const term of [q, ...terms]) {
    if (term === undefined || term === '') continue
    for (const gram of termGrams(term) ?? []) grams.add(gram)
  }
  return grams.size === 0 ? {} : { [SEARCH_GRAMS_FIELD]: { $all: [...grams].sort() } }
}
