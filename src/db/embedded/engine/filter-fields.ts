import { isPlainObject, type Doc } from './bson-values.js'

/**
 * The top-level fields a query filter reads, or undefined when it may read others (`$expr`, `$where`, `$text`,
 * any top-level operator but `$and`/`$or`/`$nor`). A filter made of field conditions (any operators inside them)
 * decides on those fields alone, so a document holding only them, the others absent, gets the same answer as the
 * whole document: what lets a full scan test recovered documents without decoding them (doc-table.ts `scan`).
 */
export function filterFields(filter: Doc): string[] | undefined {
  const names = new Set<string>()
  return collect(filter, names) ? [...names] : undefined
}

function collect(filter: Doc, names: Set<string>): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value)) return false
      for (const clause of value) if (!isPlainObject(clause) || !collect(clause, names)) return false
      continue
    }
    if (key.startsWith('$')) return false
    const top = key.split('.', 1)[0] ?? ''
    // `__proto__` would set the partial document's prototype instead of a field.
    if (top === '' || top === '__proto__') return false
    names.add(top)
  }
  return true
}
