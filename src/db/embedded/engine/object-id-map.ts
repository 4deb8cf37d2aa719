import type { ObjectId } from 'bson'

/** js-bson 7 keeps an ObjectId's 12 bytes as four 24-bit integers, big-endian (internal fields, hence the guard). */
interface ObjectIdWords {
  i0?: unknown
  i1?: unknown
  i2?: unknown
  i3?: unknown
}

/** Slot layout: [ordinal + 1 (0 = empty), word 0, word 1, word 2, word 3]. */
const STRIDE = 5
const FIRST_CAPACITY = 16
/** Linear probing stays short below this load (out of 10). */
const MAX_LOAD_TENTHS = 7

// The words of the id being looked up: read once per call into this scratch (one thread, no re-entrance).
const w = new Int32Array(4)

function readWords(id: ObjectId): void {
  const fields = id as unknown as ObjectIdWords
  if (typeof fields.i0 === 'number' && typeof fields.i3 === 'number') {
    w[0] = fields.i0
    w[1] = fields.i1 as number
    w[2] = fields.i2 as number
    w[3] = fields.i3
    return
  }
  const b = Buffer.from(id.id)
  for (let k = 0; k < 4; k += 1) w[k] = b.readUIntBE(3 * k, 3)
}

function hashWords(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^ Math.imul(d, 0x27d4eb2f)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return (h ^ (h >>> 12)) >>> 0
}

/** The hash of the id stored in the slot at `at` (its words follow the ordinal). */
function hashAt(t: Int32Array, at: number): number {
  return hashWords(t[at + 1] as number, t[at + 2] as number, t[at + 3] as number, t[at + 4] as number)
}

/**
 * ObjectId -> ordinal, in one Int32Array with open addressing (linear probing, backward-shift deletion).
 * A `Map` keyed by a string per id cost a million strings at start-up (garbage to collect) and a lookup that chased
 * entry and string pointers all over the heap: 1.2 s of the 1M-booking recovery went to `Map.has` alone. Here a
 * lookup reads one 20-byte slot, and the ids cost no objects at all.
 */
export class ObjectIdMap {
  private table = new Int32Array(FIRST_CAPACITY * STRIDE)
  private mask = FIRST_CAPACITY - 1
  private count = 0

  get size(): number {
    return this.count
  }

  get(id: ObjectId): number | undefined {
    readWords(id)
    const slot = this.find()
    return slot < 0 ? undefined : (this.table[slot * STRIDE] as number) - 1
  }

  /** Stores `ord` for a new id; false (and nothing changed) when the id is already there. */
  insert(id: ObjectId, ord: number): boolean {
    if ((this.count + 1) * 10 > (this.mask + 1) * MAX_LOAD_TENTHS) this.resize((this.mask + 1) * 2)
    readWords(id)
    const slot = this.find()
    if (slot >= 0) return false
    this.write(-1 - slot, ord + 1, w[0] as number, w[1] as number, w[2] as number, w[3] as number)
    this.count += 1
    return true
  }

  /** Removes an id; returns its ordinal, or undefined when it was not there. */
  delete(id: ObjectId): number | undefined {
    readWords(id)
    const slot = this.find()
    if (slot < 0) return undefined
    const ord = (this.table[slot * STRIDE] as number) - 1
    this.shiftBackFrom(slot)
    this.count -= 1
    // A collection emptied of most of its documents gives the memory back (kept above a quarter full when shrunk).
    const capacity = this.mask + 1
    if (capacity > FIRST_CAPACITY && this.count * 8 < capacity) this.resize(capacity / 2)
    return ord
  }

  /** The slot holding the words in `w`, or -1 - (the empty slot where they would go). */
  private find(): number {
    const t = this.table
    let slot = hashWords(w[0] as number, w[1] as number, w[2] as number, w[3] as number) & this.mask
    for (;;) {
      const at = slot * STRIDE
      if (t[at] === 0) return -1 - slot
      if (t[at + 4] === w[3] && t[at + 1] === w[0] && t[at + 2] === w[1] && t[at + 3] === w[2]) return slot
      slot = (slot + 1) & this.mask
    }
  }

  /**
   * Empties `hole` and moves later entries of its probe run back into it, so every entry stays reachable from its
   * home slot without tombstones (a table with many deletes never degrades).
   */
  private shiftBackFrom(hole: number): void {
    const t = this.table
    let slot = hole
    for (;;) {
      t[hole * STRIDE] = 0
      for (;;) {
        slot = (slot + 1) & this.mask
        const at = slot * STRIDE
        if (t[at] === 0) return
        const home = hashAt(t, at) & this.mask
        // The entry may fill the hole unless its home lies cyclically in (hole, slot].
        const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot
        if (!stays) break
      }
      const at = slot * STRIDE
      this.copySlot(t, at, hole)
      hole = slot
    }
  }

  private write(slot: number, ordPlusOne: number, a: number, b: number, c: number, d: number): void {
    const t = this.table
    const at = slot * STRIDE
    t[at] = ordPlusOne
    t[at + 1] = a
    t[at + 2] = b
    t[at + 3] = c
    t[at + 4] = d
  }

  private copySlot(from: Int32Array, at: number, slot: number): void {
    // Word by word: a subarray per entry was most of a grow's time.
    const t = this.table
    const to = slot * STRIDE
    for (let k = 0; k < STRIDE; k += 1) t[to + k] = from[at + k] as number
  }

  private resize(capacity: number): void {
    const old = this.table
    this.table = new Int32Array(capacity * STRIDE)
    this.mask = capacity - 1
    const t = this.table
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] === 0) continue
      let slot = hashAt(old, at) & this.mask
      while (t[slot * STRIDE] !== 0) slot = (slot + 1) & this.mask
      this.copySlot(old, at, slot)
    }
  }
}
