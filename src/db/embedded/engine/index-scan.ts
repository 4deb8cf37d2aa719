import type { IndexStore } from './index-store.js'
import { ordsFrom, type Posting } from './postings.js'

/**
 * The ordinals of the entries whose key lies within [startKey, endKey] (index order), read forwards (`dir` 1) or
 * backwards. A long read pauses between entries; when a write changed the index meanwhile, the positions the
 * reader holds may be stale, so it finds its place again just past the last entry it read (key, then ordinal).
 */
export function* ordsBetween(
  index: IndexStore,
  startKey: unknown[],
  endKey: unknown[],
  dir: 1 | -1,
): Generator<number> {
  const before = (p: Posting): number => index.compareKeys(p.key, startKey)
  const after = (p: Posting): number => index.compareKeys(p.key, endKey)
  let version = index.version
  let postings = dir === 1 ? index.postings.ascendingFrom(startKey) : index.postings.descendingFrom(endKey)
  let resume: { key: unknown[]; ord: number } | undefined
  reading: for (;;) {
    const next = postings.next()
    if (next.done) return
    const posting = next.value
    if (dir === 1 ? after(posting) > 0 : before(posting) < 0) return
    const from = resume && index.compareKeys(posting.key, resume.key) === 0 ? resume.ord : undefined
    resume = undefined
    for (const ord of ordsFrom(posting, dir, from)) {
      yield ord
      if (index.version === version) continue
      version = index.version
      resume = { key: posting.key, ord }
      postings = dir === 1 ? index.postings.ascendingFrom(posting.key) : index.postings.descendingFrom(posting.key)
      continue reading
    }
  }
}

/** How many entries have a key within [startKey, endKey]: the postings' lengths, no document visited. */
export function countBetween(index: IndexStore, startKey: unknown[], endKey: unknown[]): number {
  // A key that holds `_id` belongs to one document (two documents never share an `_id`; an array field gives one
  // document several keys, never one key several documents): its posting holds one ordinal, so count postings.
  return index.postings.sumBetween(startKey, endKey, !index.fields.includes('_id'))
}

/** The entries whose key starts with `prefix`, as one posting (for intersections); undefined when there are none. */
export function postingWithPrefix(index: IndexStore, prefix: unknown[]): Posting | undefined {
  if (index.fields.length === prefix.length) return index.postingOf(prefix)
  const ords = [...new Set(ordsBetween(index, prefix, prefix, 1))].sort((a, b) => a - b)
  return ords.length > 0 ? { key: prefix, ords } : undefined
}
