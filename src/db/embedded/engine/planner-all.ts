import type { Collection } from './collection.js'
import type { IndexStore } from './index-store.js'
import { countBounds, scanBounds, unique, type FieldCondition, type Plan } from './planner.js'
import type { SortSpec } from './sort.js'

/**
 * Above this share of the collection, the rarest `$all` value's entries are not worth reading through the index:
 * the ordinary plan (often a sorted index that stops at the limit) is used instead.
 */
const ALL_MAX_SHARE = 0.25

/**
 * `{field: {$all: [a, b, ...]}}` on an index's leading field (a search index's grams): every match holds each
 * value, so the entries of any one value are a superset of the matches. The value with the fewest entries is
 * chosen by counting key ranges (no document is visited); the rest of the filter, `$all` included, is tested on
 * each candidate.
 */
export function allPlan(coll: Collection, conds: Map<string, FieldCondition>, sort: SortSpec): Plan | undefined {
  let best: { index: IndexStore; value: unknown; count: number } | undefined
  for (const index of coll.indexes.values()) {
    const values = conds.get(index.fields[0] as string)?.all
    if (!index.complete || !values) continue
    for (const value of values) {
      const count = countBounds(index, [value], [value])
      if (!best || count < best.count) best = { index, value, count }
    }
  }
  if (!best || best.count > coll.docs.size * ALL_MAX_SHARE) return undefined
  const docs = scanBounds(coll, best.index, [best.value], [best.value], 1)
  return { docs: unique(docs), sorted: sort.length === 0, exact: false, index: best.index.name }
}
