import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { decodeFrameAt } from './record-codec.js'
import type { StoredRecord } from './store-types.js'

/** Big enough that a journal is read in few syscalls, small enough that a 64 MiB journal is never held whole. */
const CHUNK_BYTES = 1024 * 1024

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
    pending = pending.length === 0 && more.length === 1 ? (more[0] as Buffer) : Buffer.concat([pending, ...more])
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

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled)
    if (bytesRead === 0) break // the file shrank under us; decode what we have
    filled += bytesRead
  }
  return buf.subarray(0, filled)
}
