import { setImmediate } from 'node:timers/promises'
import { readRawPut } from './raw-doc.js'
import { FRAME_HEADER_BYTES } from './record-codec.js'
import type { SettleWritten, StoredRecord } from './store-types.js'

/** Documents handed to the engine per turn of the event loop, so a million of them never hold it for long. */
const SETTLE_PER_TURN = 10_000

/**
 * Hands each decoded document a compaction wrote to `settle`, with where its bytes lie in the snapshot read back
 * whole (`snapshot`: its frames are `records`, in order), a slice of them per turn of the event loop.
 *
 * Why: a document inserted or updated since start-up stays a decoded object in the document table, while one
 * recovered from a snapshot stays BSON (engine/doc-table.ts). A database that took its million bookings while running
 * therefore held them all as objects, the 4 to 5 GB heap whose full collections stalled searches for seconds, until
 * its next restart. A compaction writes every such document anyway; reading the snapshot back and keeping those bytes
 * instead of the object (when the document has not changed since the dump) makes each compaction leave the heap as
 * a restart would.
 */
export async function settleWritten(
  records: readonly StoredRecord[],
  snapshot: Buffer,
  settle: SettleWritten,
): Promise<void> {
  let next = 0
  for (let offset = 0; offset + FRAME_HEADER_BYTES <= snapshot.length; next++) {
    if (next > 0 && next % SETTLE_PER_TURN === 0) await setImmediate()
    const start = offset + FRAME_HEADER_BYTES
    const end = start + snapshot.readUInt32LE(offset)
    const record = records[next]
    if (record?.t === 'put') {
      // A document whose `_id` is neither an ObjectId nor a string gives no RawPut: it stays decoded.
      const raw = readRawPut(snapshot, start, end)
      if (raw) settle(record, raw.raw)
    }
    offset = end
  }
}
