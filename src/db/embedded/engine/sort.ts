import { badValue } from '../errors.js'
import type { Doc } from './bson-values.js'
import { compareValues } from './bson-order.js'
import { indexValuesAt } from './paths.js'

export type SortSpec = [field: string, direction: 1 | -1][]

/** Parses `{a: 1, b: -1}` (also 'asc'/'desc'); `$natural` means insertion order and is dropped. */
export function parseSort(sort: unknown): SortSpec {
  if (sort === undefined || sort === null) return []
  if (typeof sort !== 'object' || Array.isArray(sort)) throw badValue('sort must be an object')
  const out: SortSpec = []
  for (const [field, raw] of Object.entries(sort as Doc)) {
    if (field === '$natural') continue
    const dir =
      raw === -1 || raw === 'desc' || raw === 'descending'
        ? -1
        : raw === 1 || raw === 'asc' || raw === 'ascending'
          ? 1
          : 0
    if (dir === 0) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`)
    out.push([field, dir])
  }
  return out
}

/** The value a document sorts by on a field: for arrays, the smallest element ascending and the largest descending. */
function sortValue(doc: Doc, field: string, dir: 1 | -1): unknown {
  const values = indexValuesAt(doc, field)
  let best = values[0]
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best)
    if (dir === 1 ? c < 0 : c > 0) best = values[i]
  }
  return best
}

export function sortComparator(spec: SortSpec): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [field, dir] of spec) {
      const c = compareValues(sortValue(a, field, dir), sortValue(b, field, dir))
      if (c !== 0) return c * dir
    }
    return 0
  }
}
