import { setImmediate } from 'node:timers/promises'
import { readRawPut, type RawDoc } from './raw-doc.js'
import { FRAME_HEADER_BYTES } from './record-codec.js'
import type { PutRecord, SettleWritten, StoredRecord } from './store-types.js'

/** Documents handed to the engine per turn of the event loop, so a million of them never hold it for long. */
const SETTLE_PER_TURN = 10_000

/**
 * The decoded documents a compaction wrote, each with where its bytes lie in the written snapshot slices.
 *
 * Why: a document inserted or updated since start-up stays a decoded object in the document table, while one
 * recovered from a snapshot stays BSON (engine/doc-table.ts). A database that took its million bookings while running
 * therefore held them all as objects, the 4 to 5 GB heap whose full collections stalled searches for seconds, until
 * its next restart. A compaction encodes every such document anyway; keeping those bytes instead of the object (when
 * the document has not changed since the dump) makes each compaction leave the heap as a restart would.
 */
export class WrittenPuts {
  private readonly kept: [PutRecord, RawDoc][] = []
  private next = 0

  constructor(private readonly records: readonly StoredRecord[]) {}

  /** For `writeSnapshot`: walks a written slice's frames, which are the next records of the dump, in order. */
  readonly onSlice = (slice: Buffer): void => {
    for (let offset = 0; offset + FRAME_HEADER_BYTES <= slice.length; ) {
      const start = offset + FRAME_HEADER_BYTES
      const end = start + slice.readUInt32LE(offset)
      const record = this.records[this.next++]
      if (record?.t === 'put') {
        // Undefined for a document whose `_id` is neither an ObjectId nor a string: it stays decoded.
        const raw = readRawPut(slice, start, end)
        if (raw) this.kept.push([record, raw.raw])
      }
      offset = end
    }
  }

  /** Hands each kept document to `settle`, a slice of them per turn of the event loop. */
  async settle(settle: SettleWritten): Promise<void> {
    for (let i = 0; i < this.kept.length; i++) {
      if (i > 0 && i % SETTLE_PER_TURN === 0) await setImmediate()
      const [record, raw] = this.kept[i] as [PutRecord, RawDoc]
      settle(record, raw)
    }
    this.kept.length = 0
  }
}
