import { deserialize, serialize } from 'bson'
import type { Doc } from './engine/bson-values.js'

export const OP_REPLY = 1
export const OP_QUERY = 2004
export const OP_COMPRESSED = 2012
export const OP_MSG = 2013

const MORE_TO_COME = 1 << 1
const CHECKSUM_PRESENT = 1 << 0
const HEADER_SIZE = 16
/** Larger than any message the driver sends (it splits at maxMessageSizeBytes, 48 MB). */
export const MAX_FRAME = 64 * 1024 * 1024

export interface Request {
  requestId: number
  opCode: number
  /** The command body; for OP_MSG, kind-1 document sequences are merged in under their identifier. */
  body: Doc
  /** OP_MSG moreToCome: the client expects no reply. */
  noReply: boolean
  /** For OP_QUERY, the namespace prefix (`admin` of `admin.$cmd`). */
  db?: string
}

/** Splits a byte stream into complete frames; keeps the remainder for the next chunk. */
export class FrameSplitter {
  private buffered: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    const frames: Buffer[] = []
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32LE(0)
      if (size < HEADER_SIZE || size > MAX_FRAME) throw new Error(`invalid message length ${size}`)
      if (this.buffered.length < size) break
      frames.push(this.buffered.subarray(0, size))
      this.buffered = this.buffered.subarray(size)
    }
    return frames
  }
}

export function parseFrame(frame: Buffer): Request {
  const requestId = frame.readInt32LE(4)
  const opCode = frame.readInt32LE(12)
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId)
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId)
  throw new Error(`unsupported opCode ${opCode}`)
}

function parseOpMsg(frame: Buffer, requestId: number): Request {
  const flags = frame.readUInt32LE(HEADER_SIZE)
  // CRC-32C checksums are never sent by the Node driver; when present we skip them rather than verify.
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length
  let offset = HEADER_SIZE + 4
  let body: Doc | undefined
  const sequences: [string, Doc[]][] = []
  while (offset < end) {
    const kind = frame.readUInt8(offset++)
    if (kind === 0) {
      const size = frame.readInt32LE(offset)
      body = deserialize(frame.subarray(offset, offset + size))
      offset += size
    } else if (kind === 1) {
      const size = frame.readInt32LE(offset)
      sequences.push(parseSequence(frame.subarray(offset + 4, offset + size)))
      offset += size
    } else throw new Error(`unsupported OP_MSG section kind ${kind}`)
  }
  if (!body) throw new Error('OP_MSG without a body section')
  for (const [id, docs] of sequences) body[id] = docs
  return { requestId, opCode: OP_MSG, body, noReply: (flags & MORE_TO_COME) !== 0 }
}

function parseSequence(section: Buffer): [string, Doc[]] {
  const nul = section.indexOf(0)
  const identifier = section.toString('utf8', 0, nul)
  const docs: Doc[] = []
  let offset = nul + 1
  while (offset < section.length) {
    const size = section.readInt32LE(offset)
    docs.push(deserialize(section.subarray(offset, offset + size)))
    offset += size
  }
  return [identifier, docs]
}

function parseOpQuery(frame: Buffer, requestId: number): Request {
  let offset = HEADER_SIZE + 4
  const nul = frame.indexOf(0, offset)
  const ns = frame.toString('utf8', offset, nul)
  offset = nul + 1 + 8 // numberToSkip, numberToReturn
  const size = frame.readInt32LE(offset)
  let body: Doc = deserialize(frame.subarray(offset, offset + size))
  if (body.$query && typeof body.$query === 'object') body = body.$query as Doc
  return { requestId, opCode: OP_QUERY, body, noReply: false, db: ns.split('.')[0] ?? 'admin' }
}

let nextResponseId = 1

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(HEADER_SIZE)
  h.writeInt32LE(length, 0)
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4)
  h.writeInt32LE(responseTo, 8)
  h.writeInt32LE(opCode, 12)
  return h
}

/** A reply in the form the request came in: OP_MSG with one kind-0 section, or OP_REPLY for the legacy handshake. */
export function encodeReply(request: Request, reply: Doc): Buffer {
  const bson = serialize(reply, { ignoreUndefined: true })
  if (request.opCode === OP_QUERY) {
    const fields = Buffer.alloc(20)
    fields.writeInt32LE(0, 0) // responseFlags
    fields.writeBigInt64LE(0n, 4) // cursorID
    fields.writeInt32LE(0, 12) // startingFrom
    fields.writeInt32LE(1, 16) // numberReturned
    return Buffer.concat([header(HEADER_SIZE + 20 + bson.length, request.requestId, OP_REPLY), fields, bson])
  }
  const flagsAndKind = Buffer.alloc(5) // flagBits 0, section kind 0
  return Buffer.concat([header(HEADER_SIZE + 5 + bson.length, request.requestId, OP_MSG), flagsAndKind, bson])
}
