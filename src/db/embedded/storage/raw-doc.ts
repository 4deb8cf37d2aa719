import { ObjectId } from 'bson'
import { readText } from './bson-text.js'

/**
 * A stored document still in the BSON bytes it was recovered from: the snapshot chunk it lives in and where it starts
 * (its own int32 length prefix says where it ends). Recovery keeps a snapshot's documents like this and decodes a copy
 * for each read (engine/doc-table.ts): decoding a million documents and collecting the garbage that made was most of
 * a 1M-booking start-up, and keeping them decoded made a heap whose full collections stalled the database.
 * Two fields on purpose: one is made for each read of a raw document (raw-slots.ts).
 * The bytes are never written to after recovery read them, so a RawDoc is as immutable as a decoded document.
 */
export class RawDoc {
  constructor(
    readonly buf: Buffer,
    readonly start: number,
  ) {}

  /** The document's own bytes (a view of the chunk, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(this.start, this.start + this.buf.readInt32LE(this.start))
  }
}

/** A snapshot's or journal's `put` record whose document was left undecoded: `id` is its `_id`, the only field recovery needs. */
export interface RawPut {
  t: 'rawPut'
  db: string
  coll: string
  id: unknown
  raw: RawDoc
}

const T_PUT = Buffer.from('\x02t\x00\x04\x00\x00\x00put\x00', 'latin1')
const DB_KEY = Buffer.from('\x02db\x00', 'latin1')
const COLL_KEY = Buffer.from('\x02coll\x00', 'latin1')
const DOC_KEY = Buffer.from('\x03doc\x00', 'latin1')
const ID_KEY = Buffer.from('_id\x00', 'latin1')

/** js-bson's own (bytes, offset) form: reads the 12 bytes in place (ObjectIds keep numbers, not the buffer). */
const ObjectIdAt = ObjectId as unknown as new (bytes: Uint8Array, offset: number) => ObjectId

/**
 * Reads a `put` record's envelope from the payload buf[start, end) without decoding its document: `{t: 'put', db,
 * coll, doc}` in that order, as encodeRecord writes it, with an ObjectId or string `_id` first in the document.
 * Anything else (another record type, another layout, an `_id` of another type) returns undefined, and the caller
 * decodes the record fully as before: this only ever skips work, it never decides what a record means.
 */
export function readRawPut(buf: Buffer, start: number, end: number): RawPut | undefined {
  if (buf.readInt32LE(start) !== end - start || buf[end - 1] !== 0) return undefined
  let i = start + 4
  if (!startsWith(buf, i, T_PUT)) return undefined
  i += T_PUT.length
  const db = stringAfter(buf, i, DB_KEY, end)
  if (db === undefined) return undefined
  const coll = stringAfter(buf, db.next, COLL_KEY, end)
  if (coll === undefined || !startsWith(buf, coll.next, DOC_KEY)) return undefined
  const docStart = coll.next + DOC_KEY.length
  if (docStart + 5 > end) return undefined
  const docEnd = docStart + buf.readInt32LE(docStart)
  // The document must fill the payload up to its final NUL, and end with its own.
  if (docEnd !== end - 1 || buf[docEnd - 1] !== 0) return undefined
  const id = leadingId(buf, docStart + 4, docEnd)
  if (id === undefined) return undefined
  return { t: 'rawPut', db: db.text, coll: coll.text, id, raw: new RawDoc(buf, docStart) }
}

/** The value of an `_id` that is the document's first field, when it is an ObjectId or a string. */
function leadingId(buf: Buffer, i: number, end: number): unknown {
  const type = buf[i]
  if (!startsWith(buf, i + 1, ID_KEY)) return undefined
  const at = i + 1 + ID_KEY.length
  if (type === 0x07) return at + 12 <= end ? new ObjectIdAt(buf, at) : undefined
  if (type !== 0x02 || at + 4 > end) return undefined
  const size = buf.readInt32LE(at)
  const stop = at + 4 + size
  if (size <= 0 || stop > end || buf[stop - 1] !== 0) return undefined
  return readText(buf, at + 4, stop - 1)
}

/** The string value of the element `key` (type byte + name + NUL) at `i`, and where the next element starts. */
function stringAfter(buf: Buffer, i: number, key: Buffer, end: number): { text: string; next: number } | undefined {
  if (!startsWith(buf, i, key)) return undefined
  const at = i + key.length
  if (at + 4 > end) return undefined
  const size = buf.readInt32LE(at)
  const next = at + 4 + size
  if (size <= 0 || next > end || buf[next - 1] !== 0) return undefined
  const text = readText(buf, at + 4, next - 1)
  return text === undefined ? undefined : { text, next }
}

function startsWith(buf: Buffer, i: number, bytes: Buffer): boolean {
  if (i + bytes.length > buf.length) return false
  for (let k = 0; k < bytes.length; k += 1) if (buf[i + k] !== bytes[k]) return false
  return true
}

/** A `put` record's frame payload around a document kept as bytes: the same BSON encodeRecord would write. */
export function encodeRawPut(record: RawPut): Buffer {
  const doc = record.raw.bytes()
  const db = cString(record.db)
  const coll = cString(record.coll)
  const size = 4 + T_PUT.length + DB_KEY.length + 4 + db.length + COLL_KEY.length + 4 + coll.length
  const total = size + DOC_KEY.length + doc.length + 1
  const out = Buffer.allocUnsafe(total)
  let i = out.writeInt32LE(total, 0)
  i += T_PUT.copy(out, i)
  i += DB_KEY.copy(out, i)
  i = out.writeInt32LE(db.length, i)
  i += db.copy(out, i)
  i += COLL_KEY.copy(out, i)
  i = out.writeInt32LE(coll.length, i)
  i += coll.copy(out, i)
  i += DOC_KEY.copy(out, i)
  i += doc.copy(out, i)
  out[i] = 0
  return out
}

function cString(text: string): Buffer {
  return Buffer.from(`${text}\x00`, 'utf8')
}
