import { valueKey } from './bson-order.js'
import { OrdinalBlocks } from './ordinal-blocks.js'

/**
 * The ordinals of the documents holding one index key, ascending. A key held by one document (most keys of a date
 * or `_id`-ending index) keeps its ordinal as a number: no object for it. A key held by many keeps them in an array,
 * then, from BLOCKED_FROM on, in blocks, so adding or removing one moves one block, not a list of a million (the
 * null key of a search index, holding every document not yet given grams, starts that big and shrinks by one per
 * backfilled one).
 */
export type Ords = number | number[] | OrdinalBlocks

/** One key of an index and the ordinals of the documents holding it: what index builds collect and readers see. */
export interface Posting {
  key: unknown[]
  ords: Ords
}

/** From this many ordinals on, a posting keeps them in blocks. */
const BLOCKED_FROM = 4096

export function countOf(ords: Ords): number {
  return typeof ords === 'number' ? 1 : Array.isArray(ords) ? ords.length : ords.size
}

export function sizeOf(posting: Posting): number {
  return countOf(posting.ords)
}

/** The posting's ordinals as one ascending list (a copy only when they are in blocks). */
export function toArray(posting: Posting): readonly number[] {
  const ords = posting.ords
  return typeof ords === 'number' ? [ords] : Array.isArray(ords) ? ords : ords.toArray()
}

/**
 * The posting's ordinals in `dir` order, after `after` when given (above it reading forwards, below it reading
 * backwards): where a paused reader takes up a posting again.
 */
export function ordsFrom(posting: Posting, dir: 1 | -1, after?: number): Iterable<number> {
  return ordsOf(posting.ords, dir, after)
}

function* ordsOf(ords: Ords, dir: 1 | -1, after?: number): Generator<number> {
  if (typeof ords === 'number') {
    if (after === undefined || (dir === 1 ? ords > after : ords < after)) yield ords
  } else if (Array.isArray(ords)) {
    let i = dir === 1 ? 0 : ords.length - 1
    if (after !== undefined) i = dir === 1 ? lowerBound(ords, after + 1) : lowerBound(ords, after) - 1
    for (; i >= 0 && i < ords.length; i += dir) yield ords[i] as number
  } else {
    yield* dir === 1 ? ords.ascending(after) : ords.descending(after)
  }
}

/** `ords` in blocks once they are many (after a bulk build, or as a list grows), else `ords` itself. */
export function settled(ords: Ords): Ords {
  if (!Array.isArray(ords) || ords.length < BLOCKED_FROM) return ords
  const blocks = new OrdinalBlocks()
  blocks.loadSorted(ords)
  return blocks
}

/** Moves a posting's ordinals into blocks once they are many. */
export function settle(posting: Posting): void {
  posting.ords = settled(posting.ords)
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

/**
 * `ords` with `ord` added in order (the same list or blocks, changed in place, or a new holder), or undefined when
 * it was already there. New documents usually take the highest ordinal: a push.
 */
export function withOrd(ords: Ords, ord: number): Ords | undefined {
  if (typeof ords === 'number') {
    if (ords === ord) return undefined
    return ords < ord ? [ords, ord] : [ord, ords]
  }
  if (!Array.isArray(ords)) return ords.insert(ord) ? ords : undefined
  const last = ords[ords.length - 1]
  if (last === undefined || last < ord) ords.push(ord)
  else {
    const i = lowerBound(ords, ord)
    if (ords[i] === ord) return undefined
    ords.splice(i, 0, ord)
  }
  return settled(ords)
}

/** `ords` without `ord` (possibly empty: the caller drops the key), or undefined when it was not there. */
export function withoutOrd(ords: Ords, ord: number): Ords | undefined {
  if (typeof ords === 'number') return ords === ord ? [] : undefined
  if (!Array.isArray(ords)) return ords.remove(ord) ? ords : undefined
  const i = lowerBound(ords, ord)
  if (ords[i] !== ord) return undefined
  ords.splice(i, 1)
  return ords
}

/**
 * The ordinals held by every posting. Starts from the smallest and keeps, posting after posting, the candidates the
 * next one holds, by a galloping search that only moves forward (about `candidates × log(list / candidates)`
 * comparisons), over a list or block by block. A rare key narrows common ones cheaply; stops as soon as nothing is
 * left.
 */
export function intersect(postings: readonly Posting[]): number[] {
  const sorted = [...postings].sort((a, b) => sizeOf(a) - sizeOf(b))
  // A copy: the result outlives this call (a paused read), and a posting's own list changes with the index.
  const first = sorted[0]?.ords
  let result =
    first === undefined ? [] : first instanceof OrdinalBlocks ? first.toArray() : [...toArray(sorted[0] as Posting)]
  for (let l = 1; l < sorted.length && result.length > 0; l++) {
    const ords = (sorted[l] as Posting).ords
    if (typeof ords === 'number') result = result.includes(ords) ? [ords] : []
    else result = Array.isArray(ords) ? keepPresent(result, ords) : keepPresentInBlocks(result, ords)
  }
  return result
}

/**
 * `keepPresent` over a posting kept in blocks: the candidates are ascending, so the walk only moves forward, first
 * over the blocks (by their last ordinal), then within one. A lookup per candidate from the top cost a binary search
 * over thousands of blocks each: at a million bookings, most of a search's database time.
 */
function keepPresentInBlocks(candidates: readonly number[], blocks: OrdinalBlocks): number[] {
  const out: number[] = []
  if (blocks.blockCount === 0) return out
  let b = 0
  let block = blocks.blockData(0)
  let length = blocks.blockLength(0)
  let last = block[length - 1] as number
  let from = 0
  for (const ord of candidates) {
    // Most candidates fall in the block of the one before: a comparison, not a search over the blocks.
    if (last < ord) {
      b = gallopBlocks(blocks, ord, b + 1)
      if (b >= blocks.blockCount) break
      block = blocks.blockData(b)
      length = blocks.blockLength(b)
      last = block[length - 1] as number
      from = 0
    }
    from = gallop(block, length, ord, from)
    if (from < length && block[from] === ord) out.push(ord)
  }
  return out
}

/** The first block from `from` on whose last ordinal is not below `ord` (blockCount if none), galloping. */
function gallopBlocks(blocks: OrdinalBlocks, ord: number, from: number): number {
  const count = blocks.blockCount
  let step = 1
  let hi = from
  while (hi < count && lastOf(blocks, hi) < ord) {
    from = hi + 1
    hi += step
    step *= 2
  }
  let lo = from
  let end = Math.min(hi + 1, count)
  while (lo < end) {
    const mid = (lo + end) >> 1
    if (lastOf(blocks, mid) < ord) lo = mid + 1
    else end = mid
  }
  return lo
}

function lastOf(blocks: OrdinalBlocks, b: number): number {
  return blocks.blockData(b)[blocks.blockLength(b) - 1] as number
}

function keepPresent(candidates: readonly number[], list: readonly number[]): number[] {
  const out: number[] = []
  let from = 0
  for (const ord of candidates) {
    from = gallop(list, list.length, ord, from)
    if (from >= list.length) break
    if (list[from] === ord) out.push(ord)
  }
  return out
}

/** `lowerBound` over the first `length` of `list` from `from`, probing 1, 2, 4, ... ahead first: cheap when near. */
function gallop(list: ArrayLike<number>, length: number, ord: number, from: number): number {
  let step = 1
  let hi = from
  while (hi < length && (list[hi] as number) < ord) {
    from = hi + 1
    hi += step
    step *= 2
  }
  let lo = from
  let end = Math.min(hi + 1, length)
  while (lo < end) {
    const mid = (lo + end) >> 1
    if ((list[mid] as number) < ord) lo = mid + 1
    else end = mid
  }
  return lo
}

/** The hash key of a key tuple: that of its one value for a single-field index (no tuple string to build). */
export function tupleKey(key: readonly unknown[]): string {
  return key.length === 1 ? valueKey(key[0]) : valueKey(key)
}
