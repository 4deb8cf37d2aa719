import { crc32 } from 'node:zlib'
import { serialize } from 'bson'
import { decodeBson } from './bson-reader.js'
import { encodeRawPut, readRawPut } from './raw-doc.js'
import type { JournalRecord, StoredRecord } from './store-types.js'

/**
 * Frame layout shared by journals and snapshots: `[uint32 LE payload length][uint32 LE crc32(payload)][BSON payload]`.
 * The checksum is what tells a torn or half-written tail apart from a good record after a crash.
 */
export const FRAME_HEADER_BYTES = 8

/** The smallest BSON document (`{}`) is 5 bytes; a zero-filled tail (length 0, crc 0) must not pass as a record. */
const MIN_PAYLOAD_BYTES = 5

/** Records are single documents (≤ 16 MiB) plus a small envelope; anything larger is a corrupt length field. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024

const RECORD_TYPES: ReadonlySet<string> = new Set<JournalRecord['t']>([
  'createCollection',
  'dropCollection',
  'dropDatabase',
  'renameCollection',
  'put',
  'remove',
  'createIndex',
  'dropIndex',
])

/** Serializes one record into a self-checking frame (a document still in its recovered bytes is copied as is). */
export function encodeRecord(record: StoredRecord): Buffer {
  const payload = record.t === 'rawPut' ? encodeRawPut(record) : serialize(record)
  // Recovery would take a longer frame for a corrupt length and cut it off: refuse it here, before it is acked.
  if (payload.byteLength > MAX_PAYLOAD_BYTES)
    throw new RangeError(`journal record of ${payload.byteLength} bytes is too large`)
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.byteLength)
  frame.writeUInt32LE(payload.byteLength, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  frame.set(payload, FRAME_HEADER_BYTES)
  return frame
}

export type FrameResult =
  | { kind: 'record'; record: StoredRecord; next: number }
  /** The bytes from `offset` to the end of the buffer hold less than one whole frame: read more, or it is a torn tail. */
  | { kind: 'incomplete'; needed: number }
  /** The frame at `offset` is damaged (impossible length, bad checksum, undecodable payload). */
  | { kind: 'corrupt'; reason: string }

/**
 * Decodes the frame starting at `offset` of `buf`, without trusting any byte of it. With `rawPuts`, a `put` record's
 * document is left in `buf` (a RawPut, raw-doc.ts) once the checksum has vouched for the bytes.
 */
export function decodeFrameAt(buf: Buffer, offset: number, rawPuts = false): FrameResult {
  const available = buf.length - offset
  if (available < FRAME_HEADER_BYTES) return { kind: 'incomplete', needed: FRAME_HEADER_BYTES }
  const length = buf.readUInt32LE(offset)
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
    return { kind: 'corrupt', reason: `impossible record length ${length}` }
  }
  const end = offset + FRAME_HEADER_BYTES + length
  if (end > buf.length) return { kind: 'incomplete', needed: FRAME_HEADER_BYTES + length }
  const payload = buf.subarray(offset + FRAME_HEADER_BYTES, end)
  if (crc32(payload) !== buf.readUInt32LE(offset + 4)) return { kind: 'corrupt', reason: 'checksum mismatch' }
  const raw = rawPuts ? readRawPut(buf, offset + FRAME_HEADER_BYTES, end) : undefined
  if (raw !== undefined) return { kind: 'record', record: raw, next: end }
  const record = decodePayload(payload)
  if (record === undefined) return { kind: 'corrupt', reason: 'payload is not a journal record' }
  return { kind: 'record', record, next: end }
}

/**
 * The values of js-bson's default deserialize on purpose (decodeBson gives the same): the server works on promoted
 * values (numbers, not Int32/Double wrappers; Longs beyond 2^53 stay Long), exactly as it receives them off the wire.
 */
function decodePayload(payload: Buffer): JournalRecord | undefined {
  try {
    const doc = decodeBson(payload)
    const t: unknown = doc.t
    if (typeof t !== 'string' || !RECORD_TYPES.has(t)) return undefined
    return doc as JournalRecord
  } catch {
    return undefined
  }
}
