import { RawDoc } from '../storage/raw-doc.js'

function grown(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array
  const bigger = new Int32Array(Math.max(needed, array.length * 2, 1024))
  bigger.set(array)
  return bigger
}

/**
 * Where each still-raw document of a DocTable lies: its snapshot chunk (an index into `chunks`) and its start in it,
 * in two Int32Arrays by ordinal. A RawDoc object per document was a million small objects that all survived the
 * young generation at a 1M-booking start-up (the collector copied each twice); here recovery leaves no object per
 * document, and a RawDoc is made only for the moment one is read.
 *
 * A chunk is let go once none of its documents is raw any more, and the arrays once no document is.
 */
export class RawSlots {
  private chunks: (Buffer | undefined)[] = []
  /** Per chunk: how many of its documents are still raw here. */
  private undecoded: number[] = []
  private chunkOf = new Int32Array(0)
  private startOf = new Int32Array(0)
  private count = 0

  get size(): number {
    return this.count
  }

  put(ord: number, raw: RawDoc): void {
    // Recovery hands over a chunk's documents one after another: the chunk is the last one seen, or a new one.
    let chunk = this.chunks.length - 1
    if (this.chunks[chunk] !== raw.buf) {
      chunk = this.chunks.push(raw.buf) - 1
      this.undecoded.push(0)
    }
    this.chunkOf = grown(this.chunkOf, ord + 1)
    this.startOf = grown(this.startOf, ord + 1)
    this.chunkOf[ord] = chunk
    this.startOf[ord] = raw.start
    this.undecoded[chunk] = (this.undecoded[chunk] ?? 0) + 1
    this.count += 1
  }

  /** The bytes of the raw document at `ord` (which must be raw), left in place. */
  peek(ord: number): RawDoc {
    const buf = this.chunks[this.chunkOf[ord] as number]
    if (!buf) throw new Error(`no raw document at ordinal ${ord}`)
    return new RawDoc(buf, this.startOf[ord] as number)
  }

  /** The bytes of the raw document at `ord`, which stops being raw here (replaced or removed). */
  take(ord: number): RawDoc {
    const raw = this.peek(ord)
    const chunk = this.chunkOf[ord] as number
    const left = (this.undecoded[chunk] ?? 1) - 1
    this.undecoded[chunk] = left
    if (left === 0) this.chunks[chunk] = undefined
    this.count -= 1
    if (this.count === 0) this.reset()
    return raw
  }

  private reset(): void {
    this.chunks = []
    this.undecoded = []
    this.chunkOf = new Int32Array(0)
    this.startOf = new Int32Array(0)
  }
}
