import { isPlainObject, type Doc } from './bson-values.js'
import { cloneValue } from './clone.js'
import { compileFilter } from './compile-filter.js'
import { REJECTED } from './doc-table.js'
import { filterFields } from './filter-fields.js'
import { plainValueAt } from './paths.js'
import type { Collection } from './collection.js'
import { MatchStream } from './match-stream.js'
import { notRejected, testedCandidates } from './ordinal-candidates.js'
import { newQuery } from './mingo-context.js'
import type { Operation } from './operation.js'
import { plan, type Plan } from './planner.js'
import { slicedSort } from './sliced-sort.js'
import { wantedFields } from '../storage/bson-skip.js'
import { sortComparator, type SortSpec } from './sort.js'

export interface QuerySpec {
  filter: Doc
  sort: SortSpec
  skip: number
  /** 0 means no limit. */
  limit: number
}

/** A filter compiled once per command (hand-written tests for the common operators, mingo for the rest). */
export function matcher(filter: Doc): (doc: Doc) => boolean {
  return compileFilter(filter)
}

interface Candidates {
  docs: Iterable<Doc>
  test: (doc: Doc) => boolean
}

/**
 * A plan's candidates and the test they must pass. A full scan over a collection holding recovered (raw) documents
 * tests each raw one on the fields its filter reads before decoding it whole (doc-table.ts `scan`); the ones that
 * fail come as REJECTED, which the test refuses. Candidates an index gave as ordinals are tested the same way as
 * they are read (ordinal-candidates.ts); a count (`whole` false) never decodes them whole.
 */
function candidates(coll: Collection, chosen: Plan, filter: Doc, whole = true): Candidates {
  if (chosen.exact) return { docs: chosen.docs, test: () => true }
  if (chosen.ords) return { docs: testedCandidates(coll, chosen.ords, filter, chosen.holds, whole), test: notRejected }
  const test = matcher(filter)
  const fields = chosen.fullScan && coll.docs.rawCount() > 0 ? filterFields(filter) : undefined
  if (!fields) return { docs: chosen.docs, test }
  return { docs: coll.docs.scan(wantedFields(fields), test), test: (doc) => doc !== REJECTED && test(doc) }
}

/** The stored documents matching a query, in order, after skip and limit. */
export function runQuery(coll: Collection | undefined, spec: QuerySpec): Doc[] {
  if (!coll) return []
  const chosen = plan(coll, spec.filter, spec.sort)
  const { docs, test } = candidates(coll, chosen, spec.filter)
  // With documents already in order, stop as soon as skip + limit have matched.
  const enough = chosen.sorted && spec.limit > 0 ? spec.skip + spec.limit : Number.POSITIVE_INFINITY
  const out: Doc[] = []
  for (const doc of docs) {
    if (!test(doc)) continue
    out.push(doc)
    if (out.length >= enough) break
  }
  if (!chosen.sorted) out.sort(sortComparator(spec.sort))
  const end = spec.limit > 0 ? spec.skip + spec.limit : undefined
  return spec.skip > 0 || end !== undefined ? out.slice(spec.skip, end) : out
}

/** How many stored documents match, counted from an index when it expresses the filter exactly. */
export function countMatches(coll: Collection | undefined, filter: Doc): number {
  if (!coll) return 0
  const chosen = plan(coll, filter, [])
  if (chosen.count) return chosen.count()
  const { docs, test } = candidates(coll, chosen, filter, false)
  let n = 0
  for (const doc of docs) if (test(doc)) n++
  return n
}

/**
 * The same query for reads that may run long: candidates are tested in slices with pauses between them (so other
 * clients are served meanwhile), `maxTimeMS` and cancellation are honoured, and the cost lands on `op` for the
 * slow-query log. When the plan yields documents in order, the result is a stream a cursor reads as it goes.
 */
export async function openQuery(
  coll: Collection | undefined,
  spec: QuerySpec,
  op: Operation,
): Promise<{ stream: MatchStream } | { docs: Doc[] }> {
  if (!coll) return { docs: [] }
  const chosen = plan(coll, spec.filter, spec.sort)
  op.plan = chosen.index === undefined ? 'COLLSCAN' : `IXSCAN ${chosen.index}`
  const { docs, test } = candidates(coll, chosen, spec.filter)
  if (chosen.sorted) return { stream: new MatchStream(docs, { test, skip: spec.skip, limit: spec.limit }) }
  const matches = await new MatchStream(docs, { test, skip: 0, limit: 0 }).all(op)
  const keep = spec.limit > 0 ? spec.skip + spec.limit : Number.POSITIVE_INFINITY
  const sorted = await slicedSort(matches, spec.sort, op, keep)
  return { docs: spec.skip > 0 ? sorted.slice(spec.skip) : sorted }
}

/** Every document of `openQuery`'s result, in order. */
export async function queryAll(coll: Collection | undefined, spec: QuerySpec, op: Operation): Promise<Doc[]> {
  const result = await openQuery(coll, spec, op)
  return 'docs' in result ? result.docs : result.stream.all(op)
}

/** `countMatches` in slices, for the count command and countDocuments. */
export async function countMatchesSliced(coll: Collection | undefined, filter: Doc, op: Operation): Promise<number> {
  if (!coll) return 0
  const chosen = plan(coll, filter, [])
  op.plan = chosen.index === undefined ? 'COLLSCAN' : `IXSCAN ${chosen.index}`
  if (chosen.count) return chosen.count()
  const { docs, test } = candidates(coll, chosen, filter, false)
  let n = 0
  for (const doc of docs) {
    if (op.tick()) await op.pause()
    if (test(doc)) n++
  }
  return n
}

/**
 * Projects documents with mingo's projection (inclusion, exclusion, `$elemMatch`, operators). `$slice` is applied
 * here instead: MongoDB lets it sit beside exclusions (`{list: {$slice: 2}, secret: 0}`), which mingo refuses.
 */
export function projector(projection: unknown): ((docs: Doc[]) => Doc[]) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined
  const slices: [string, unknown][] = []
  const rest: Doc = {}
  for (const [path, spec] of Object.entries(projection)) {
    if (isPlainObject(spec) && '$slice' in spec) slices.push([path, spec.$slice])
    else rest[path] = spec
  }
  const including = Object.entries(rest).some(([path, v]) => path !== '_id' && v !== 0 && v !== false)
  if (including) for (const [path] of slices) rest[path] = 1
  const empty = Object.keys(rest).length === 0
  const simple = empty ? undefined : topLevelProjection(rest)
  // mingo only for what the hand-written projection cannot do: building its query cost each search's find 2.6% of
  // the database's CPU for a `{searchGrams: 0}` it never used.
  const query = empty || simple ? undefined : newQuery({})
  const base = (docs: Doc[]): Doc[] => {
    if (simple) return docs.map(simple)
    return query ? query.find<Doc>(docs, rest).all().map(idFirst) : docs
  }
  if (slices.length === 0) return base
  return (docs) => base(docs).map((doc) => applySlices(doc, slices))
}

/**
 * Top-level inclusions or exclusions (what exports and field lists send) without mingo, whose general projection
 * costs tens of microseconds a document. Fields keep the document's order, as in MongoDB. Undefined otherwise.
 */
function topLevelProjection(spec: Doc): ((doc: Doc) => Doc) | undefined {
  const entries = Object.entries(spec)
  if (entries.some(([path, v]) => path.includes('.') || path.startsWith('$') || !isFlag(v))) return undefined
  const fields = entries.filter(([path]) => path !== '_id')
  const including = fields.some(([, v]) => v === 1 || v === true)
  if (fields.some(([, v]) => (v === 1 || v === true) !== including)) return undefined
  const named = new Set(fields.map(([path]) => path))
  const keepId = spec._id === undefined ? true : spec._id === 1 || spec._id === true
  // `{_id: 1}` alone is an inclusion of `_id` only.
  if (fields.length === 0 && keepId) return (doc) => ('_id' in doc ? { _id: doc._id } : {})
  return (doc) => {
    const out: Doc = {}
    for (const key of Object.keys(doc)) {
      const keep = key === '_id' ? keepId : including === named.has(key)
      if (keep) out[key] = doc[key]
    }
    return out
  }
}

function isFlag(v: unknown): boolean {
  return v === 0 || v === 1 || v === true || v === false
}

function applySlices(doc: Doc, slices: [string, unknown][]): Doc {
  const out = cloneValue(doc)
  for (const [path, arg] of slices) {
    const parts = path.split('.')
    const parent = parts.length === 1 ? out : plainValueAt(out, parts.slice(0, -1).join('.'))
    const key = parts[parts.length - 1] as string
    if (!isPlainObject(parent) || !Array.isArray(parent[key])) continue
    const list = parent[key] as unknown[]
    const [skip, take] = Array.isArray(arg) ? [Number(arg[0]), Number(arg[1])] : [0, Number(arg)]
    if (!Array.isArray(arg)) parent[key] = take >= 0 ? list.slice(0, take) : list.slice(take)
    else parent[key] = list.slice(skip < 0 ? Math.max(0, list.length + skip) : skip).slice(0, take)
  }
  return out
}

/** mingo's projection appends `_id` last; MongoDB keeps it first. */
function idFirst(doc: Doc): Doc {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc
  const { _id, ...rest } = doc
  return { _id, ...rest }
}
