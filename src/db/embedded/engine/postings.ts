import { valueKey } from './bson-order.js'

/**
 * One key of an index and the ordinals of the documents holding it, ascending. An index is a sorted list of
 * postings (one per distinct key), so a key shared by many documents costs one object plus 4 bytes per document,
 * and adding a document under an existing key is a binary search over the distinct keys only. A key held by one
 * document (most keys of a date or email index) keeps its ordinal as a number: no array for it.
 */
export interface Posting {
  key: unknown[]
  ords: number | number[]
}

/** The posting's ordinals as a list (a one-element list for a single one). */
export function listOf(posting: Posting): readonly number[] {
  return typeof posting.ords === 'number' ? [posting.ords] : posting.ords
}

export function sizeOf(posting: Posting): number {
  return typeof posting.ords === 'number' ? 1 : posting.ords.length
}

/** The position of the first ordinal not below `ord` (the count of smaller ones), searching [from, to). */
export function lowerBound(ords: readonly number[], ord: number, from = 0, to = ords.length): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((ords[mid] as number) < ord) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Adds `ord` in order; false when it was already there. New documents usually take the highest ordinal: a push. */
export function addOrd(posting: Posting, ord: number): boolean {
  const ords = posting.ords
  if (typeof ords === 'number') {
    if (ords === ord) return false
    posting.ords = ords < ord ? [ords, ord] : [ord, ords]
    return true
  }
  const last = ords[ords.length - 1]
  if (last === undefined || last < ord) {
    ords.push(ord)
    return true
  }
  const i = lowerBound(ords, ord)
  if (ords[i] === ord) return false
  ords.splice(i, 0, ord)
  return true
}

/** Removes `ord`; false when it was not there. The caller drops a posting left empty. */
export function removeOrd(posting: Posting, ord: number): boolean {
  const ords = posting.ords
  if (typeof ords === 'number') {
    if (ords !== ord) return false
    posting.ords = []
    return true
  }
  const i = lowerBound(ords, ord)
  if (ords[i] !== ord) return false
  ords.splice(i, 1)
  return true
}

/**
 * The ordinals present in every list. Starts from the shortest and, for each list after it, keeps the candidates
 * found by a galloping search that only moves forward: about `candidates × log(list / candidates)` comparisons per
 * list, so a rare key narrows common ones cheaply. Stops as soon as nothing is left.
 */
export function intersect(lists: readonly (readonly number[])[]): number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length)
  let result = [...(sorted[0] ?? [])]
  for (let l = 1; l < sorted.length && result.length > 0; l++) result = keepPresent(result, sorted[l] as number[])
  return result
}

function keepPresent(candidates: readonly number[], list: readonly number[]): number[] {
  const out: number[] = []
  let from = 0
  for (const ord of candidates) {
    from = gallop(list, ord, from)
    if (from >= list.length) break
    if (list[from] === ord) out.push(ord)
  }
  return out
}

/** `lowerBound` from `from`, probing 1, 2, 4, ... ahead first: cheap when the answer is near. */
function gallop(list: readonly number[], ord: number, from: number): number {
  let step = 1
  let hi = from
  while (hi < list.length && (list[hi] as number) < ord) {
    from = hi + 1
    hi += step
    step *= 2
  }
  return lowerBound(list, ord, from, Math.min(hi + 1, list.length))
}

/** The hash key of a key tuple: that of its one value for a single-field index (no tuple string to build). */
export function tupleKey(key: readonly unknown[]): string {
  return key.length === 1 ? valueKey(key[0]) : valueKey(key)
}
