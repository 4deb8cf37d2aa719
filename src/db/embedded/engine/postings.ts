import { valueKey } from './bson-order.js'
import { SortedList } from './sorted-list.js'

/**
 * One key of an index and the ordinals of the documents holding it, ascending. An index is a sorted list of
 * postings (one per distinct key), so a key shared by many documents costs one object plus 4 bytes per document,
 * and adding a document under an existing key is a binary search over the distinct keys only. A key held by one
 * document (most keys of a date or email index) keeps its ordinal as a number: no array for it. A key held by many
 * keeps them in blocks, so adding or removing one moves one block, not a list of a million (the null key of a
 * search index, holding every document not yet given grams, starts that big and shrinks by one per backfilled one).
 */
export interface Posting {
  key: unknown[]
  ords: number | number[] | SortedList<number>
}

/** From this many ordinals on, a posting keeps them in blocks. */
const BLOCKED_FROM = 4096

const byNumber = (a: number, b: number): number => a - b

export function sizeOf(posting: Posting): number {
  const ords = posting.ords
  return typeof ords === 'number' ? 1 : Array.isArray(ords) ? ords.length : ords.size
}

/** The posting's ordinals as one ascending list (a copy only when they are in blocks). */
export function toArray(posting: Posting): readonly number[] {
  const ords = posting.ords
  return typeof ords === 'number' ? [ords] : Array.isArray(ords) ? ords : [...ords]
}

/**
 * The posting's ordinals in `dir` order, after `after` when given (above it reading forwards, below it reading
 * backwards): where a paused reader takes up a posting again.
 */
export function* ordsFrom(posting: Posting, dir: 1 | -1, after?: number): Generator<number> {
  const ords = posting.ords
  if (typeof ords === 'number') {
    if (after === undefined || (dir === 1 ? ords > after : ords < after)) yield ords
  } else if (Array.isArray(ords)) {
    let i = dir === 1 ? 0 : ords.length - 1
    if (after !== undefined) i = dir === 1 ? lowerBound(ords, after + 1) : lowerBound(ords, after) - 1
    for (; i >= 0 && i < ords.length; i += dir) yield ords[i] as number
  } else if (dir === 1) {
    yield* ords.ascendingFrom((x) => (after === undefined || x > after ? 0 : -1))
  } else {
    yield* ords.descendingFrom((x) => (after === undefined || x < after ? 0 : 1))
  }
}

/** Moves a posting's ordinals into blocks once they are many (after a bulk build, or as one grows). */
export function settle(posting: Posting): void {
  const ords = posting.ords
  if (!Array.isArray(ords) || ords.length < BLOCKED_FROM) return
  const blocks = new SortedList<number>(byNumber)
  blocks.loadSorted(ords)
  posting.ords = blocks
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
  if (!Array.isArray(ords)) {
    if (ords.find(ord) !== undefined) return false
    ords.insert(ord)
    return true
  }
  const last = ords[ords.length - 1]
  if (last === undefined || last < ord) ords.push(ord)
  else {
    const i = lowerBound(ords, ord)
    if (ords[i] === ord) return false
    ords.splice(i, 0, ord)
  }
  settle(posting)
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
  if (!Array.isArray(ords)) return ords.remove(ord)
  const i = lowerBound(ords, ord)
  if (ords[i] !== ord) return false
  ords.splice(i, 1)
  return true
}

/**
 * The ordinals held by every posting. Starts from the smallest and keeps, posting after posting, the candidates the
 * next one holds, by a galloping search that only moves forward (about `candidates × log(list / candidates)`
 * comparisons), over a list or block by block. A rare key narrows common ones cheaply; stops as soon as nothing is
 * left.
 */
export function intersect(postings: readonly Posting[]): number[] {
  const sorted = [...postings].sort((a, b) => sizeOf(a) - sizeOf(b))
  let result = sorted[0] ? [...toArray(sorted[0])] : []
  for (let l = 1; l < sorted.length && result.length > 0; l++) {
    const ords = (sorted[l] as Posting).ords
    if (typeof ords === 'number') result = result.includes(ords) ? [ords] : []
    else result = Array.isArray(ords) ? keepPresent(result, ords) : keepPresentInBlocks(result, ords.blockList)
  }
  return result
}

/**
 * `keepPresent` over a posting kept in blocks: the candidates are ascending, so the walk only moves forward, first
 * over the blocks (by their last ordinal), then within one. A lookup per candidate from the top cost a binary search
 * over thousands of blocks each: at a million bookings, most of a search's database time.
 */
function keepPresentInBlocks(candidates: readonly number[], blocks: readonly (readonly number[])[]): number[] {
  const out: number[] = []
  let b = 0
  let block = blocks[0] ?? []
  let last = block[block.length - 1] ?? -1
  let from = 0
  for (const ord of candidates) {
    // Most candidates fall in the block of the one before: a comparison, not a search over the blocks.
    if (last < ord) {
      b = gallopBlocks(blocks, ord, b + 1)
      if (b >= blocks.length) break
      block = blocks[b] as readonly number[]
      last = block[block.length - 1] as number
      from = 0
    }
    from = gallop(block, ord, from)
    if (block[from] === ord) out.push(ord)
  }
  return out
}

/** The first block from `from` on whose last ordinal is not below `ord` (blocks.length if none), galloping. */
function gallopBlocks(blocks: readonly (readonly number[])[], ord: number, from: number): number {
  let step = 1
  let hi = from
  while (hi < blocks.length && lastOf(blocks, hi) < ord) {
    from = hi + 1
    hi += step
    step *= 2
  }
  let lo = from
  let end = Math.min(hi + 1, blocks.length)
  while (lo < end) {
    const mid = (lo + end) >> 1
    if (lastOf(blocks, mid) < ord) lo = mid + 1
    else end = mid
  }
  return lo
}

function lastOf(blocks: readonly (readonly number[])[], b: number): number {
  const block = blocks[b] as readonly number[]
  return block[block.length - 1] as number
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
