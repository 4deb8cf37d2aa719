import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import { newQuery } from './mingo-context.js'
import { plan } from './planner.js'
import { sortComparator, type SortSpec } from './sort.js'

export interface QuerySpec {
  filter: Doc
  sort: SortSpec
  skip: number
  /** 0 means no limit. */
  limit: number
}

/** A compiled filter; an empty one matches everything without running mingo. */
export function matcher(filter: Doc): (doc: Doc) => boolean {
  if (Object.keys(filter).length === 0) return () => true
  const query = newQuery(filter)
  return (doc) => query.test(doc)
}

/** The stored documents matching a query, in order, after skip and limit. */
export function runQuery(coll: Collection | undefined, spec: QuerySpec): Doc[] {
  if (!coll) return []
  const chosen = plan(coll, spec.filter, spec.sort)
  const test = matcher(spec.filter)
  // With documents already in order, stop as soon as skip + limit have matched.
  const enough = chosen.sorted && spec.limit > 0 ? spec.skip + spec.limit : Number.POSITIVE_INFINITY
  const out: Doc[] = []
  for (const doc of chosen.docs) {
    if (!test(doc)) continue
    out.push(doc)
    if (out.length >= enough) break
  }
  if (!chosen.sorted) out.sort(sortComparator(spec.sort))
  const end = spec.limit > 0 ? spec.skip + spec.limit : undefined
  return spec.skip > 0 || end !== undefined ? out.slice(spec.skip, end) : out
}

/** Projects documents with mingo's projection (inclusion, exclusion, `$slice`, `$elemMatch`). */
export function projector(projection: unknown): ((docs: Doc[]) => Doc[]) | undefined {
  if (!projection || typeof projection !== 'object' || Object.keys(projection).length === 0) return undefined
  const query = newQuery({})
  return (docs) => query.find<Doc>(docs, projection as Doc).all().map(idFirst)
}

/** mingo's projection appends `_id` last; MongoDB keeps it first. */
function idFirst(doc: Doc): Doc {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc
  const { _id, ...rest } = doc
  return { _id, ...rest }
}
