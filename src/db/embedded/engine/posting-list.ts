import { compareKeyValues } from './bson-order.js'
import { countOf, withOrd, withoutOrd, type Ords, type Posting } from './postings.js'

/** Keys per block; a block splits in two above this. */
const BLOCK_MAX = 512
/** How full a bulk load leaves each block: room for the inserts of new documents before the first split. */
const LOAD_FILL = 384

/** A run of consecutive keys, stored by column: `cols[f][i]` is field f of key i, `ords[i]` its documents. */
interface Block {
  cols: unknown[][]
  ords: Ords[]
}

/**
 * An index's keys in index order with the ordinals of the documents holding each, kept as blocks of columns. A
 * compound index ending in `_id` has one key per document; as one object per key plus its key array, the ten indexes
 * of a million bookings made twenty million objects, 1.25 KB per booking, and every full garbage collection of the
 * database heap marked them all (seconds each, during load). By column, a key costs one slot per field plus its
 * ordinal, and a block of 512 keys is a handful of objects. Readers get a `Posting` built for them (cheap and
 * short-lived); writers go through `add` and `remove`.
 *
 * Keys compare field by field honouring each field's direction; a probe shorter than the key compares on its
 * prefix, so a probe of the first fields finds the first (or last) key starting with them.
 */
export class PostingList {
  private blocks: Block[] = []
  private count = 0

  constructor(private readonly directions: readonly number[]) {}

  /** How many distinct keys the index holds. */
  get size(): number {
    return this.count
  }

  /** Replaces the content with `postings`, which must be sorted by key and distinct: an O(n) build. */
  loadSorted(postings: readonly Posting[]): void {
    this.blocks = []
    for (let start = 0; start < postings.length; start += LOAD_FILL) {
      const end = Math.min(postings.length, start + LOAD_FILL)
      const block = this.emptyBlock()
      for (let i = start; i < end; i++) {
        const posting = postings[i] as Posting
        for (let f = 0; f < block.cols.length; f++) (block.cols[f] as unknown[]).push(posting.key[f])
        block.ords.push(posting.ords)
      }
      this.blocks.push(block)
    }
    this.count = postings.length
  }

  /** The posting of exactly `key`, if any document holds it. Its ordinals are the index's own: read them only. */
  find(key: readonly unknown[]): Posting | undefined {
    const b = this.firstBlock(key, false)
    if (b < 0) return undefined
    const block = this.blocks[b] as Block
    const i = this.firstIndex(block, key, false)
    return i < block.ords.length && this.compareAt(block, i, key) === 0 ? postingAt(block, i) : undefined
  }

  /** Adds document `ord` under `key` (a full key); false when it was already there. */
  add(key: readonly unknown[], ord: number): boolean {
    if (this.blocks.length === 0) {
      const block = this.emptyBlock()
      for (let f = 0; f < block.cols.length; f++) (block.cols[f] as unknown[]).push(key[f])
      block.ords.push(ord)
      this.blocks.push(block)
      this.count++
      return true
    }
    let b = this.firstBlock(key, false)
    if (b < 0) b = this.blocks.length - 1
    const block = this.blocks[b] as Block
    const i = this.firstIndex(block, key, false)
    if (i < block.ords.length && this.compareAt(block, i, key) === 0) {
      const next = withOrd(block.ords[i] as Ords, ord)
      if (next === undefined) return false
      block.ords[i] = next
      return true
    }
    for (let f = 0; f < block.cols.length; f++) (block.cols[f] as unknown[]).splice(i, 0, key[f])
    block.ords.splice(i, 0, ord)
    this.count++
    if (block.ords.length > BLOCK_MAX) this.split(b)
    return true
  }

  /** Removes document `ord` from `key`, and the key once no document holds it; false when it was not there. */
  remove(key: readonly unknown[], ord: number): boolean {
    const b = this.firstBlock(key, false)
    if (b < 0) return false
    const block = this.blocks[b] as Block
    const i = this.firstIndex(block, key, false)
    if (i >= block.ords.length || this.compareAt(block, i, key) !== 0) return false
    const next = withoutOrd(block.ords[i] as Ords, ord)
    if (next === undefined) return false
    if (countOf(next) > 0) {
      block.ords[i] = next
      return true
    }
    for (const col of block.cols) col.splice(i, 1)
    block.ords.splice(i, 1)
    this.count--
    if (block.ords.length === 0) this.blocks.splice(b, 1)
    return true
  }

  /**
   * How many entries lie from the first key not below `startKey` to the last not above `endKey`: the documents of
   * each key when `perDocument`, else the keys. Two binary searches and a plain loop, no posting built.
   */
  sumBetween(startKey: readonly unknown[], endKey: readonly unknown[], perDocument: boolean): number {
    const b1 = this.firstBlock(startKey, false)
    if (b1 < 0) return 0
    const i1 = this.firstIndex(this.blocks[b1] as Block, startKey, false)
    let b2 = this.firstBlock(endKey, true)
    let i2: number
    if (b2 < 0) {
      b2 = this.blocks.length - 1
      i2 = (this.blocks[b2] as Block).ords.length
    } else {
      i2 = this.firstIndex(this.blocks[b2] as Block, endKey, true)
    }
    let sum = 0
    for (let b = b1; b <= b2; b++) {
      const ords = (this.blocks[b] as Block).ords
      const start = b === b1 ? i1 : 0
      const end = b === b2 ? i2 : ords.length
      if (!perDocument) sum += Math.max(0, end - start)
      else for (let i = start; i < end; i++) sum += countOf(ords[i] as Ords)
    }
    return sum
  }

  /** The postings from the first key not below `startKey` (from the first key when none is given) onwards. */
  *ascendingFrom(startKey?: readonly unknown[]): Generator<Posting> {
    let b = startKey === undefined ? 0 : this.firstBlock(startKey, false)
    if (b < 0) return
    let i = startKey === undefined ? 0 : this.firstIndex(this.blocks[b] as Block, startKey, false)
    for (; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b] as Block
      for (; i < block.ords.length; i++) yield postingAt(block, i)
    }
  }

  /** The postings from the last key not above `endKey` backwards. */
  *descendingFrom(endKey: readonly unknown[]): Generator<Posting> {
    let b = this.firstBlock(endKey, true)
    let i: number
    if (b < 0) {
      b = this.blocks.length - 1
      i = (this.blocks[b]?.ords.length ?? 0) - 1
    } else {
      i = this.firstIndex(this.blocks[b] as Block, endKey, true) - 1
    }
    // The first block resumes at position i (possibly -1: nothing there); earlier blocks are read from their end.
    for (let first = true; b >= 0; b--, first = false) {
      const block = this.blocks[b] as Block
      for (let j = first ? i : block.ords.length - 1; j >= 0; j--) yield postingAt(block, j)
    }
  }

  [Symbol.iterator](): Generator<Posting> {
    return this.ascendingFrom()
  }

  private emptyBlock(): Block {
    return { cols: this.directions.map(() => []), ords: [] }
  }

  private split(b: number): void {
    const block = this.blocks[b] as Block
    const half = block.ords.length >> 1
    const upper: Block = { cols: block.cols.map((col) => col.slice(half)), ords: block.ords.slice(half) }
    const lower: Block = { cols: block.cols.map((col) => col.slice(0, half)), ords: block.ords.slice(0, half) }
    this.blocks.splice(b, 1, lower, upper)
  }

  /** Key i of `block` against `probe`, over the probe's fields (a shorter probe compares on the key's prefix). */
  private compareAt(block: Block, i: number, probe: readonly unknown[]): number {
    const n = Math.min(block.cols.length, probe.length)
    for (let f = 0; f < n; f++) {
      const c = compareKeyValues((block.cols[f] as unknown[])[i], probe[f])
      if (c !== 0) return c * (this.directions[f] ?? 1)
    }
    return 0
  }

  /**
   * The first block whose last key is not below `probe` (above it when `strict`), or -1 when there is none.
   */
  private firstBlock(probe: readonly unknown[], strict: boolean): number {
    let lo = 0
    let hi = this.blocks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const block = this.blocks[mid] as Block
      const c = this.compareAt(block, block.ords.length - 1, probe)
      if (strict ? c > 0 : c >= 0) hi = mid
      else lo = mid + 1
    }
    return lo < this.blocks.length ? lo : -1
  }

  /** The position in `block` of the first key not below `probe` (above it when `strict`). */
  private firstIndex(block: Block, probe: readonly unknown[], strict: boolean): number {
    let lo = 0
    let hi = block.ords.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const c = this.compareAt(block, mid, probe)
      if (strict ? c > 0 : c >= 0) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Key i of `block` as a posting of its own (a new key array; the ordinals are the block's). */
function postingAt(block: Block, i: number): Posting {
  const key = new Array<unknown>(block.cols.length)
  for (let f = 0; f < key.length; f++) key[f] = (block.cols[f] as unknown[])[i]
  return { key, ords: block.ords[i] as Ords }
}
