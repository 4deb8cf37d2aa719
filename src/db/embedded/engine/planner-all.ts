import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import { postingWithPrefix } from './index-scan.js'
import type { IndexStore } from './index-store.js'
import type { FieldCondition, Plan } from './planner.js'
import { intersect, sizeOf, type Posting } from './postings.js'
import type { SortSpec } from './sort.js'

/**
 * Above this share of the collection, the rarest `$all` value's entries are not worth reading through the index:
 * the ordinary plan (often a sorted index that stops at the limit) is used instead.
 */
const ALL_MAX_SHARE = 0.25

/**
 * `{field: {$all: [a, b, ...]}}` on an index's leading field (a search index's grams): every match holds each
 * value, so the documents in every value's posting list are a superset of the matches. The lists are intersected
 * (ordinals only, no document visited), starting from the rarest, so a multi-gram search reads only the documents
 * holding all its grams; the rest of the filter, `$all` included, is still tested on each of them.
 */
export function allPlan(coll: Collection, conds: Map<string, FieldCondition>, sort: SortSpec): Plan | undefined {
  let best: { index: IndexStore; values: unknown[]; postings: Posting[]; rarest: number } | undefined
  for (const index of coll.indexes.values()) {
    const values = conds.get(index.fields[0] as string)?.all
    if (!index.complete || !values) continue
    const found = values.map((value) => postingWithPrefix(index, [value]))
    // A value no document holds: nothing can match, and nothing needs reading.
    const postings = found.every((p) => p !== undefined) ? found : []
    const rarest = postings.length === 0 ? 0 : Math.min(...postings.map(sizeOf))
    if (!best || rarest < best.rarest) best = { index, values, postings, rarest }
  }
  if (!best || best.rarest > coll.docs.size * ALL_MAX_SHARE) return undefined
  const ords = intersect(best.postings)
  const { index, values } = best
  const holds = { field: index.fields[0] as string, values, index, version: index.version }
  return { docs: docsAt(coll, ords), ords, holds, sorted: sort.length === 0, exact: false, index: index.name }
}

/** The documents holding the ordinals now (one removed meanwhile is skipped; a replaced one is re-tested anyway). */
function* docsAt(coll: Collection, ords: readonly number[]): Generator<Doc> {
  for (const ord of ords) {
    const doc = coll.docs.at(ord)
    if (doc) yield doc
  }
}
