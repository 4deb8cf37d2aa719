import { MAX_BOUND, MIN_BOUND } from './bson-order.js'
import { isPlainObject, type Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import type { IndexStore } from './index-store.js'
import { countBetween, ordsBetween } from './index-scan.js'
import { allPlan } from './planner-all.js'
import type { SortSpec } from './sort.js'

/** What a query says about one field that an index can serve. */
export interface FieldCondition {
  eq?: unknown
  hasEq?: boolean
  /** Only an equality: an index range on it returns exactly the matching documents. */
  pureEq?: boolean
  in?: unknown[]
  /** `$all` of strings, numbers or booleans: each value must be one of the field's (array) values. */
  all?: unknown[]
  lo?: unknown
  hi?: unknown
}

export interface Plan {
  /** Candidate documents: a superset of the matches; the caller still tests each against the full filter. */
  docs: Iterable<Doc>
  /** Whether `docs` already come in the requested sort order (then the caller may stop at skip + limit). */
  sorted: boolean
  /** True when every candidate matches the filter (the index bounds express it whole), so no re-test is needed. */
  exact: boolean
  /** The index used, for explain-like diagnostics and tests. */
  index?: string
  /** When exact, the number of matches counted from the index alone. */
  count?: () => number
  /** Set when `docs` is every document of the collection in insertion order (no index helps). */
  fullScan?: true
  /** The ordinals `docs` reads, when the plan found them in an index first (ordinal-candidates.ts tests them). */
  ords?: readonly number[]
  /** A top-level `{field: {$all: values}}` every one of `ords` satisfies while `index` is unchanged ($all plans). */
  holds?: HeldAll
}

export interface HeldAll {
  field: string
  /** The `$all` values whose postings were intersected. */
  values: readonly unknown[]
  index: IndexStore
  /** The index's version when its postings were intersected. */
  version: number
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte'])

function isScalar(v: unknown): boolean {
  return (
    !Array.isArray(v) && !(v instanceof RegExp) && !(isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$')))
  )
}

/** Per-field conditions from the top level of a filter (and `$and` members), ignoring what an index cannot use. */
function analyse(filter: Doc, out = new Map<string, FieldCondition>()): Map<string, FieldCondition> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const part of cond) if (isPlainObject(part)) analyse(part, out)
      continue
    }
    if (field.startsWith('$')) continue
    const known = out.get(field)
    const c = known ?? {}
    if (isScalar(cond)) Object.assign(c, { eq: cond, hasEq: true, pureEq: !known })
    else if (isPlainObject(cond)) {
      addOperators(c, cond)
      c.pureEq = !known && Object.keys(cond).length === 1 && c.hasEq === true
    }
    out.set(field, c)
  }
  return out
}

function addOperators(c: FieldCondition, cond: Doc): void {
  for (const [op, v] of Object.entries(cond)) {
    if (op === '$eq' && isScalar(v)) Object.assign(c, { eq: v, hasEq: true })
    else if (op === '$in' && Array.isArray(v) && v.every(isScalar)) c.in = v
    else if (op === '$all' && Array.isArray(v) && v.length > 0 && v.every(isKeyValue)) c.all = v
    else if (RANGE_OPS.has(op) && isScalar(v)) {
      if (op.startsWith('$g')) c.lo = v
      else c.hi = v
    }
  }
}

function isKeyValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))
}

interface Candidate {
  index: IndexStore
  eqCount: number
  range?: FieldCondition
  /** `$in` values on the field after the equality prefix: one point range per value. */
  points?: unknown[]
  sortDir: 0 | 1 | -1
  score: number
}

function sortDirection(index: IndexStore, from: number, sort: SortSpec): 0 | 1 | -1 {
  if (sort.length === 0 || index.multikey || from + sort.length > index.fields.length) return 0
  let dir: 0 | 1 | -1 = 0
  for (let i = 0; i < sort.length; i++) {
    const [field, want] = sort[i] as [string, 1 | -1]
    if (index.fields[from + i] !== field) return 0
    const d = want * (index.directions[from + i] ?? 1) === 1 ? 1 : -1
    if (dir !== 0 && d !== dir) return 0
    dir = d
  }
  return dir
}

function consider(index: IndexStore, conds: Map<string, FieldCondition>, sort: SortSpec): Candidate | undefined {
  if (!index.complete) return undefined
  let eqCount = 0
  while (eqCount < index.fields.length && conds.get(index.fields[eqCount] as string)?.hasEq) eqCount++
  const next = conds.get(index.fields[eqCount] ?? '')
  const range = next && (next.lo !== undefined || next.hi !== undefined) ? next : undefined
  // `{a: x, b: {$in: [...]}}` reads one short range per value instead of everything under `a: x`. The points do not
  // come in sort order, so when a sort is asked, a scan in that order under the same prefix (which may stop at the
  // limit) still ranks first.
  const points = !range && next?.in ? next.in : undefined
  if (points) return { index, eqCount, points, sortDir: 0, score: eqCount * 4 + (sort.length > 0 ? 2.5 : 3.5) }
  // A sort on the ranged field itself is still served in order; any other sort must follow the equality prefix.
  const sortDir = sortDirection(index, eqCount, sort)
  const score = eqCount * 4 + (range ? 2 : 0) + (sortDir !== 0 ? 3 : 0)
  return score > 0 ? { index, eqCount, ...(range ? { range } : {}), sortDir, score } : undefined
}

/** Chooses how to read a collection for a filter and sort: an index range when one helps, else a full scan. */
export function plan(coll: Collection, filter: Doc, sort: SortSpec): Plan {
  const conds = analyse(filter)
  const idCond = conds.get('_id')
  if (idCond?.hasEq) {
    const doc = coll.get(idCond.eq)
    return { docs: doc ? [doc] : [], sorted: true, exact: false, index: '_id_' }
  }
  const allIndex = allPlan(coll, conds, sort)
  if (allIndex) return allIndex
  let best: Candidate | undefined
  for (const index of coll.indexes.values()) {
    const c = consider(index, conds, sort)
    if (c && (!best || c.score > best.score)) best = c
  }
  if (best?.points) return pointsPlan(coll, best, best.points, conds, sort)
  if (best) {
    const exact = isExact(filter, conds, best)
    const [lo, hi] = bounds(best, conds)
    const index = best.index
    return {
      docs: scan(coll, best, lo, hi),
      sorted: best.sortDir !== 0 || sort.length === 0,
      exact,
      index: index.name,
      ...(exact ? { count: () => countBounds(index, lo, hi) } : {}),
    }
  }
  const everything = Object.keys(filter).length === 0
  return {
    docs: coll.docs.values(),
    sorted: sort.length === 0,
    exact: everything,
    fullScan: true,
    ...(everything ? { count: () => coll.docs.size } : {}),
  }
}

/** The filter is nothing but equalities on the index's leading fields (and the index holds no arrays). */
function isExact(filter: Doc, conds: Map<string, FieldCondition>, c: Candidate): boolean {
  if (c.index.multikey || c.range) return false
  const used = new Set(c.index.fields.slice(0, c.eqCount))
  return Object.keys(filter).every((field) => used.has(field) && conds.get(field)?.pureEq === true)
}

/** The equality prefix then each `$in` value: one point range per value, each document once. */
function pointsPlan(
  coll: Collection,
  c: Candidate,
  points: unknown[],
  conds: Map<string, FieldCondition>,
  sort: SortSpec,
): Plan {
  const [prefix] = bounds(c, conds)
  function* each(): Generator<Doc> {
    for (const v of points) yield* scanBounds(coll, c.index, [...prefix, v], [...prefix, v], 1)
  }
  return { docs: unique(each()), sorted: sort.length === 0, exact: false, index: c.index.name }
}

export function* unique(docs: Iterable<Doc>): Generator<Doc> {
  const seen = new Set<Doc>()
  for (const doc of docs) {
    if (seen.has(doc)) continue
    seen.add(doc)
    yield doc
  }
}

/** The value-order bounds of the scan: equality values, then the range on the next field if any. */
function bounds(c: Candidate, conds: Map<string, FieldCondition>): [unknown[], unknown[]] {
  const lo: unknown[] = []
  const hi: unknown[] = []
  for (let i = 0; i < c.eqCount; i++) {
    const v = conds.get(c.index.fields[i] as string)?.eq
    lo.push(v)
    hi.push(v)
  }
  if (c.range) {
    const { lo: low, hi: high } = c.range
    // Elements of one array may satisfy each bound separately, so a multikey index keeps only one bound.
    const keepHigh = high !== undefined && (!c.index.multikey || low === undefined)
    lo.push(low !== undefined ? low : MIN_BOUND)
    hi.push(keepHigh ? high : MAX_BOUND)
  }
  return [lo, hi]
}

function scan(coll: Collection, c: Candidate, lo: unknown[], hi: unknown[]): Iterable<Doc> {
  const docs = scanBounds(coll, c.index, lo, hi, c.sortDir === -1 ? -1 : 1)
  return c.index.multikey ? unique(docs) : docs
}

/** Index keys from the start of [lo, hi] and from its end, in index order (a descending field runs high to low). */
function keyBounds(index: IndexStore, lo: unknown[], hi: unknown[]): [unknown[], unknown[]] {
  return [
    lo.map((v, i) => ((index.directions[i] ?? 1) === 1 ? v : hi[i])),
    hi.map((v, i) => ((index.directions[i] ?? 1) === 1 ? v : lo[i])),
  ]
}

export function countBounds(index: IndexStore, lo: unknown[], hi: unknown[]): number {
  const [startKey, endKey] = keyBounds(index, lo, hi)
  return countBetween(index, startKey, endKey)
}

/** Documents whose key prefix lies within [lo, hi] (value order), read forwards or backwards in index order. */
export function* scanBounds(
  coll: Collection,
  index: IndexStore,
  lo: unknown[],
  hi: unknown[],
  dir: 1 | -1,
): Generator<Doc> {
  // compareKeys applies each field's direction, so on a descending field the high value comes first.
  const [startKey, endKey] = keyBounds(index, lo, hi)
  for (const ord of ordsBetween(index, startKey, endKey, dir)) {
    const doc = coll.docs.at(ord)
    if (doc) yield doc
  }
}
