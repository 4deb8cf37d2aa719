import type { Engine } from './engine.js'
import { indexValuesAt } from './paths.js'

/**
 * Deletes documents whose TTL-indexed date is older than `expireAfterSeconds`, as mongod's TTL monitor does
 * (it uses the earliest date when the field is an array). Returns how many documents it removed.
 */
export function sweepExpired(engine: Engine, now = Date.now()): number {
  let removed = 0
  for (const db of engine.databaseNames()) {
    for (const coll of engine.collections(db)) {
      for (const index of coll.indexes.values()) {
        const ttl = index.spec.expireAfterSeconds
        const field = index.fields[0]
        if (typeof ttl !== 'number' || index.fields.length !== 1 || field === undefined) continue
        for (const doc of [...coll.docs.values()]) {
          const dates = indexValuesAt(doc, field).filter((v): v is Date => v instanceof Date)
          if (dates.length === 0) continue
          const earliest = Math.min(...dates.map((d) => d.getTime()))
          if (earliest + ttl * 1000 <= now) {
            coll.remove(doc)
            removed++
          }
        }
      }
    }
  }
  return removed
}
