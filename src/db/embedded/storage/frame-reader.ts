import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { decodeFrameAt } from './record-codec.js'
import type { JournalRecord } from './store-types.js'

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
 */
export async function scanFrames(path: string, onRecord: (record: JournalRecord) => void): Promise<ScanResult> {
  const handle = await open(path, 'r')
  try {
    const fileBytes = (await handle.stat()).size
    return await scanHandle(handle, fileBytes, onRecord)
  } finally {
    await handle.close()
  }
}

async function scanHandle(
  handle: FileHandle,
  fileBytes: number,
  onRecord: (record: JournalRecord) => void,
): Promise<ScanResult> {
  let pending: Buffer = Buffer.alloc(0) // bytes read but not yet decoded; starts at file offset `base`
  let base = 0
  let records = 0
  let want = CHUNK_BYTES
  while (base + pending.length < fileBytes) {
    const readAt = base + pending.length
    const chunk = await readExactly(handle, readAt, Math.min(want, fileBytes - readAt))
    if (chunk.length === 0) break
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let offset = 0
    for (;;) {
      const frame = decodeFrameAt(pending, offset)
      if (frame.kind === 'record') {
        onRecord(frame.record)
        records += 1
        offset = frame.next
        continue
      }
      if (frame.kind === 'corrupt') {
        return { records, validBytes: base + offset, fileBytes, damage: `${frame.reason} at byte ${base + offset}` }
      }
      want = Math.max(CHUNK_BYTES, frame.needed - (pending.length - offset))
      break
    }
    base += offset
    pending = pending.subarray(offset)
  }
  const damage = pending.length > 0 ? `incomplete record at byte ${base}` : undefined
  return { records, validBytes: base, fileBytes, damage }
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
