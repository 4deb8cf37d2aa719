import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import type { Engine } from './engine.js'
import type { IndexStore } from './index-store.js'
import { ordsFrom } from './postings.js'

/** Below every Date, so a scan of a date index starts at its first date key. */
const EARLIEST_DATE = new Date(-8.64e15)

/**
 * Deletes documents whose TTL-indexed date is older than `expireAfterSeconds`, as mongod's TTL monitor does.
 * It reads the index from its first date upwards and stops at the cutoff, so it never scans the collection.
 * With an array of dates the earliest decides, and any element before the cutoff means the earliest is too.
 */
export function sweepExpired(engine: Engine, now = Date.now()): number {
  let removed = 0
  for (const db of engine.databaseNames()) {
    for (const coll of engine.collections(db)) {
      for (const index of [...coll.indexes.values()]) removed += sweepIndex(coll, index, now)
    }
  }
  return removed
}

function sweepIndex(coll: Collection, index: IndexStore, now: number): number {
  const ttl = index.spec.expireAfterSeconds
  if (typeof ttl !== 'number' || index.fields.length !== 1) return 0
  const cutoff = now - ttl * 1000
  const expired = new Set<Doc>()
  // Oldest date first: reading forwards over an ascending index, backwards over a descending one.
  const oldestFirst =
    index.directions[0] === -1
      ? index.postings.descendingFrom([EARLIEST_DATE])
      : index.postings.ascendingFrom([EARLIEST_DATE])
  for (const posting of oldestFirst) {
    const key = posting.key[0]
    if (!(key instanceof Date) || key.getTime() > cutoff) break
    for (const ord of ordsFrom(posting, 1)) {
      const doc = coll.docs.at(ord)
      if (doc) expired.add(doc)
    }
  }
  for (const doc of expired) coll.remove(doc)
  return expired.size
}
