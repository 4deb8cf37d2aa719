import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { decodeFrameAt } from './record-codec.js'
import type { StoredRecord } from './store-types.js'

/** Big enough that a journal is read in few syscalls, small enough that a 64 MiB journal is never held whole. */
const CHUNK_BYTES = 1024 * 1024
/**
 * Room left free in front of each chunk for the start of a frame cut by the chunk boundary: it is copied there, and
 * the chunk is decoded where it was read. Joining the two by a copy of the whole chunk was 0.5 s at 1M documents,
 * and made every snapshot byte live in two buffers (documents are kept as bytes: raw-doc.ts).
 */
const TAIL_ROOM = 16 * 1024
/** A snapshot read whole is read this much at a time, the next piece while the last one is decoded. */
const WHOLE_READ_BYTES = 4 * 1024 * 1024
/** Larger snapshots are read in chunks like journals (one buffer this big is as much as Node allows comfortably). */
export const WHOLE_FILE_MAX_BYTES = 2 * 1024 * 1024 * 1024

export interface ScanResult {
  /** Records decoded and handed to the callback. */
  records: number
  /** Length of the leading run of good frames: everything after it is torn or corrupt. */
  validBytes: number
  /** Size of the file when it was read. */
  fileBytes: number
  /** Why reading stopped before the end of the file, when it did. */
  damage?: string | undefined
}

/**
 * Reads the frames of one journal or snapshot file, in order, until the end or the first damaged frame.
 * Nothing after a damaged frame is trusted: its length field cannot be believed, so there is no way to resync.
 * With `rawPuts`, `put` records may come as RawPuts whose documents stay in the chunks read (record-codec.ts).
 */
export async function scanFrames(
  path: string,
  onRecord: (record: StoredRecord) => void,
  rawPuts = false,
): Promise<ScanResult> {
  const handle = await open(path, 'r')
  try {
    const fileBytes = (await handle.stat()).size
    if (rawPuts && fileBytes <= WHOLE_FILE_MAX_BYTES) return await scanWhole(handle, fileBytes, onRecord)
    return await scanHandle(handle, fileBytes, onRecord, rawPuts)
  } finally {
    await handle.close()
  }
}

async function scanHandle(
  handle: FileHandle,
  fileBytes: number,
  onRecord: (record: StoredRecord) => void,
  rawPuts: boolean,
): Promise<ScanResult> {
  const chunks = new ChunkReader(handle, fileBytes)
  let pending: Buffer = Buffer.alloc(0) // bytes read but not yet decoded; starts at file offset `base`
  let base = 0
  let records = 0
  let want = 1
  for (;;) {
    const more = await chunks.take(want)
    if (more.length === 0) break
    pending = join(pending, more)
    let offset = 0
    for (;;) {
      const frame = decodeFrameAt(pending, offset, rawPuts)
      if (frame.kind === 'record') {
        onRecord(frame.record)
        records += 1
        offset = frame.next
        continue
      }
      if (frame.kind === 'corrupt') {
        return { records, validBytes: base + offset, fileBytes, damage: `${frame.reason} at byte ${base + offset}` }
      }
      want = frame.needed - (pending.length - offset)
      break
    }
    base += offset
    pending = pending.subarray(offset)
  }
  const damage = pending.length > 0 ? `incomplete record at byte ${base}` : undefined
  return { records, validBytes: base, fileBytes, damage }
}

/**
 * A snapshot whose documents stay as bytes (rawPuts) is read into one buffer of the file's size. Its bytes stay in
 * memory either way; what one buffer saves is the garbage collector's time: V8 counts every Buffer against its
 * external memory and, as a million documents' chunks piled up, ran a full collection every 60 to 100 MB read
 * (0.5 s of a 1M-booking start-up). One allocation is counted once. No frame is ever cut, so nothing is copied.
 */
async function scanWhole(
  handle: FileHandle,
  fileBytes: number,
  onRecord: (record: StoredRecord) => void,
): Promise<ScanResult> {
  const buf = Buffer.allocUnsafeSlow(fileBytes)
  const readFrom = (at: number): Promise<number> =>
    readInto(handle, buf, at, Math.min(WHOLE_READ_BYTES, fileBytes - at))
  let filled = 0
  let offset = 0
  let records = 0
  let ahead: Promise<number> | undefined = fileBytes > 0 ? readFrom(0) : undefined
  while (ahead) {
    const got = await ahead
    filled += got
    ahead = got > 0 && filled < fileBytes ? readFrom(filled) : undefined
    // A scan that stops early (damage) never awaits the read ahead: its failure must not become unhandled.
    ahead?.catch(() => undefined)
    // The read ahead fills bytes past `filled`; the frames decoded meanwhile lie before it.
    const view = buf.subarray(0, filled)
    for (;;) {
      const frame = decodeFrameAt(view, offset, true)
      if (frame.kind === 'incomplete') break
      if (frame.kind === 'corrupt') {
        return { records, validBytes: offset, fileBytes, damage: `${frame.reason} at byte ${offset}` }
      }
      onRecord(frame.record)
      records += 1
      offset = frame.next
    }
  }
  const damage = offset < filled ? `incomplete record at byte ${offset}` : undefined
  return { records, validBytes: offset, fileBytes, damage }
}

/** Reads up to `length` bytes at file position `at` into buf[at...]; fewer only at the end of the file. */
async function readInto(handle: FileHandle, buf: Buffer, at: number, length: number): Promise<number> {
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, at + filled, length - filled, at + filled)
    if (bytesRead === 0) break // the file shrank under us; decode what we have
    filled += bytesRead
  }
  return filled
}

/** `tail` (the unread start of a frame) followed by `more`: copied in front of a single chunk when there is room. */
function join(tail: Buffer, more: Buffer[]): Buffer {
  const [first] = more
  if (more.length !== 1 || first === undefined) return Buffer.concat([tail, ...more])
  if (tail.length === 0) return first
  if (tail.length > first.byteOffset) return Buffer.concat([tail, first])
  // The room in front of the chunk is its own (ChunkReader), and this is the only copy ever made into it.
  const joined = Buffer.from(first.buffer, first.byteOffset - tail.length, tail.length + first.length)
  tail.copy(joined, 0)
  return joined
}

/**
 * Reads the file in order, one chunk ahead: the next chunk is read (on libuv's threads) while this one is decoded,
 * which matters on a cold page cache, where reading a large snapshot takes as long as decoding it.
 */
class ChunkReader {
  private position = 0
  private ahead: Promise<Buffer> | undefined

  constructor(
    private readonly handle: FileHandle,
    private readonly fileBytes: number,
  ) {}

  /** The next chunks, together at least `bytes` long (fewer at the end of the file; none after it). */
  async take(bytes: number): Promise<Buffer[]> {
    const taken: Buffer[] = []
    let got = 0
    while (got < bytes) {
      const chunk = await (this.ahead ?? this.read())
      this.ahead = this.position < this.fileBytes ? this.read() : undefined
      // A scan that stops early (damage) never awaits the read ahead: its failure must not become unhandled.
      this.ahead?.catch(() => undefined)
      if (chunk.length === 0) break
      taken.push(chunk)
      got += chunk.length
    }
    return taken
  }

  private read(): Promise<Buffer> {
    const at = this.position
    const length = Math.min(CHUNK_BYTES, this.fileBytes - at)
    this.position += length
    return readExactly(this.handle, at, length)
  }
}

/** The bytes at `position`, in a buffer of their own with TAIL_ROOM free bytes in front (`join`). */
async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  // Never a slice of a shared pool (allocUnsafeSlow): the room in front belongs to this chunk alone.
  const buf = Buffer.allocUnsafeSlow(TAIL_ROOM + length)
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, TAIL_ROOM + filled, length - filled, position + filled)
    if (bytesRead === 0) break // the file shrank under us; decode what we have
    filled += bytesRead
  }
  return buf.subarray(TAIL_ROOM, TAIL_ROOM + filled)
}
