import type { Doc } from './bson-values.js'
import { compareValues } from './bson-order.js'
import type { Operation } from './operation.js'
import { indexValuesAt } from './paths.js'
import type { SortSpec } from './sort.js'

/** Documents are sorted in runs of this many with one synchronous `Array.sort`, then merged with pauses. */
const RUN = 2048

interface Keyed {
  doc: Doc
  keys: unknown[]
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

function compareKeyed(spec: SortSpec): (a: Keyed, b: Keyed) => number {
  return (a, b) => {
    for (let i = 0; i < spec.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c !== 0) return c * (spec[i] as [string, 1 | -1])[1]
    }
    return 0
  }
}

/**
 * A stable sort that never holds the event loop for long: sort keys are computed once per document (not once per
 * comparison), runs are sorted synchronously, and runs are merged pairwise with pauses. When only the first `keep`
 * documents are wanted (skip + limit), every run and merge is cut to that length, which makes sort + limit cheap.
 */
export async function slicedSort(docs: Doc[], spec: SortSpec, op: Operation, keep = Infinity): Promise<Doc[]> {
  if (spec.length === 0 || docs.length < 2) return docs.slice(0, keep)
  const keyed = docs.map((doc) => ({ doc, keys: spec.map(([f, d]) => sortValue(doc, f, d)) }))
  return (await sortInSlices(keyed, compareKeyed(spec), op, keep)).map((k) => k.doc)
}

/** Any stable sort in runs and pausing merges (index builds sort their entries with it too). */
export async function sortInSlices<T>(items: T[], cmp: (a: T, b: T) => number, op: Operation, keep = Infinity) {
  let runs: T[][] = []
  for (let start = 0; start < items.length; start += RUN) {
    runs.push(
      items
        .slice(start, start + RUN)
        .sort(cmp)
        .slice(0, keep),
    )
    await op.pause()
  }
  while (runs.length > 1) {
    const merged: T[][] = []
    for (let i = 0; i < runs.length; i += 2) {
      const right = runs[i + 1]
      merged.push(right ? await merge(runs[i] as T[], right, cmp, keep, op) : (runs[i] as T[]))
    }
    runs = merged
  }
  return runs[0] ?? []
}

async function merge<T>(a: T[], b: T[], cmp: (x: T, y: T) => number, keep: number, op: Operation): Promise<T[]> {
  const out: T[] = []
  let i = 0
  let j = 0
  const total = Math.min(keep, a.length + b.length)
  while (out.length < total) {
    if (op.due()) await op.pause()
    // Ties take the left run first, which keeps the sort stable.
    if (j >= b.length || (i < a.length && cmp(a[i] as T, b[j] as T) <= 0)) out.push(a[i++] as T)
    else out.push(b[j++] as T)
  }
  return out
}
