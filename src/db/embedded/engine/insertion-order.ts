/** One array of ordinals in insertion order; replaced by a compacted one when most of its entries are dead. */
interface Generation {
  log: Int32Array<ArrayBuffer>
  length: number
  /** Set when this generation was compacted: where each position went in `next` (see `compact`). */
  forward?: Int32Array
  next?: Generation
}

const FIRST_CAPACITY = 64
/** Compaction waits for this many dead entries, so a small collection with churn does not compact on every delete. */
const MIN_DEAD_TO_COMPACT = 1024

function grown(array: Int32Array<ArrayBuffer>, needed: number, fill: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array
  const bigger = new Int32Array(Math.max(needed, array.length * 2)).fill(fill, array.length)
  bigger.set(array)
  return bigger
}

/**
 * The ordinals of a collection's documents in insertion order, as a `Set` of them would keep it, without a hash
 * table: an append-only log plus each ordinal's position in it. A Set of a million ordinals cost 0.7 s of a
 * 1M-booking start-up in scattered memory writes; appending to the log and to `positions` writes memory in order.
 *
 * An entry is live while `positions[ord]` points back at it; removing an ordinal just clears its position, and
 * re-adding it appends a new entry. When dead entries outnumber live ones the log is compacted into a new
 * generation, and the old one records where each position went, so an iteration paused across writes continues
 * where it was: it visits documents added meanwhile, and not removed ones (a Set's iteration guarantees).
 */
export class InsertionOrder {
  private current: Generation = { log: new Int32Array(FIRST_CAPACITY), length: 0 }
  private positions: Int32Array<ArrayBuffer> = new Int32Array(FIRST_CAPACITY).fill(-1)
  private live = 0

  get size(): number {
    return this.live
  }

  add(ord: number): void {
    const gen = this.current
    gen.log = grown(gen.log, gen.length + 1, 0)
    this.positions = grown(this.positions, ord + 1, -1)
    gen.log[gen.length] = ord
    this.positions[ord] = gen.length
    gen.length += 1
    this.live += 1
  }

  delete(ord: number): void {
    if ((this.positions[ord] ?? -1) < 0) return
    this.positions[ord] = -1
    this.live -= 1
    const dead = this.current.length - this.live
    if (dead >= MIN_DEAD_TO_COMPACT && dead > this.live) this.compact()
  }

  *[Symbol.iterator](): Generator<number> {
    const cursor = this.cursor()
    for (let ord = cursor.next(); ord >= 0; ord = cursor.next()) yield ord
  }

  /** A position in the order that steps without allocating: what a full scan uses, once per document. */
  cursor(): OrderCursor {
    return new OrderCursor(this.current, () => this.positions)
  }

  /**
   * Copies the live entries, in order, into a new generation. `forward[i]` is the new position of the first live
   * entry at or after old position i: where an iteration that was about to read position i goes on.
   */
  private compact(): void {
    const old = this.current
    const log = new Int32Array(Math.max(FIRST_CAPACITY, this.live * 2))
    const forward = new Int32Array(old.length + 1)
    let length = 0
    for (let i = 0; i < old.length; i += 1) {
      forward[i] = length
      const ord = old.log[i] as number
      if (this.positions[ord] !== i) continue
      log[length] = ord
      this.positions[ord] = length
      length += 1
    }
    forward[old.length] = length
    const next: Generation = { log, length }
    old.forward = forward
    old.next = next
    this.current = next
  }
}

/** Iterates an InsertionOrder: `next()` is the next live ordinal, or -1 at the end. */
export class OrderCursor {
  private i = 0
  /** Once at the end, always at the end (as a finished generator), even if ordinals are added later. */
  private ended = false

  constructor(
    private gen: Generation,
    /** The order's current positions (replaced when they grow). */
    private readonly positions: () => Int32Array,
  ) {}

  next(): number {
    while (!this.ended) {
      // Compacted since the last step: continue from the same place in the newer log.
      while (this.gen.next && this.gen.forward) {
        this.i = this.gen.forward[this.i] as number
        this.gen = this.gen.next
      }
      if (this.i >= this.gen.length) break
      const at = this.i
      const ord = this.gen.log[at] as number
      this.i += 1
      if (this.positions()[ord] === at) return ord
    }
    this.ended = true
    return -1
  }
}
