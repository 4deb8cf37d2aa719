import { open, readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { isErrno } from './lock-file.js'

/**
 * File naming: `snapshot-<gen>.bson` is the whole state at the moment appends switched to `journal-<gen>.log`.
 * A snapshot is written as `snapshot-<gen>.tmp` and only renamed once fsynced, so a `.bson` is always complete.
 * Recovery = newest snapshot K (or none), then every journal with gen >= K, in order.
 */
export const journalName = (gen: number): string => `journal-${pad(gen)}.log`
export const snapshotName = (gen: number): string => `snapshot-${pad(gen)}.bson`
export const snapshotTmpName = (gen: number): string => `snapshot-${pad(gen)}.tmp`

/** Zero-padded so a directory listing sorts in replay order, which helps whoever inspects a data directory. */
const pad = (gen: number): string => String(gen).padStart(8, '0')

const FILE_PATTERN = /^(snapshot|journal)-(\d+)\.(bson|log|tmp)$/

export interface DataDirLayout {
  /** Newest complete snapshot, if any. */
  snapshot: number | undefined
  /** Journal generations to replay, ascending (only those >= the snapshot's). */
  journals: number[]
  /** Files no longer needed: older generations and unfinished snapshots. */
  obsolete: string[]
}

export async function readLayout(dir: string): Promise<DataDirLayout> {
  const snapshots: number[] = []
  const journals: number[] = []
  const tmp: string[] = []
  for (const name of await readdir(dir)) {
    const match = FILE_PATTERN.exec(name)
    if (!match) continue
    const gen = Number(match[2])
    if (match[3] === 'tmp') tmp.push(name)
    else if (match[1] === 'snapshot' && match[3] === 'bson') snapshots.push(gen)
    else if (match[1] === 'journal' && match[3] === 'log') journals.push(gen)
  }
  const snapshot = snapshots.length > 0 ? Math.max(...snapshots) : undefined
  const floor = snapshot ?? 0
  const obsolete = [
    ...tmp,
    ...snapshots.filter((g) => g < floor).map(snapshotName),
    ...journals.filter((g) => g < floor).map(journalName),
  ]
  const live = journals.filter((g) => g >= floor).sort((a, b) => a - b)
  return { snapshot, journals: live, obsolete }
}

/** Files of generations older than `gen`, which the snapshot of `gen` has made redundant. */
export async function olderThan(dir: string, gen: number): Promise<string[]> {
  const names: string[] = []
  for (const name of await readdir(dir)) {
    const match = FILE_PATTERN.exec(name)
    if (match && Number(match[2]) < gen) names.push(name)
  }
  return names
}

export async function removeFiles(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await unlink(join(dir, name)).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error
    })
  }
  if (names.length > 0) await syncDir(dir)
}

/** A created, renamed or deleted file is only durable once its directory entry is: fsync the directory. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Snapshot frames in slices of this size: one big write per slice, never the whole state in one Buffer. Frames may
 * be encoded lazily as the slice fills (file-store.ts), so this is also how long the event loop is held at a time.
 */
const SNAPSHOT_SLICE_BYTES = 1024 * 1024

/** Writes `frames` as snapshot `gen`: tmp file, fsync, rename, fsync the directory. Returns the bytes written. */
export async function writeSnapshot(dir: string, gen: number, frames: Iterable<Buffer>): Promise<number> {
  const tmpPath = join(dir, snapshotTmpName(gen))
  const handle = await open(tmpPath, 'w')
  let bytes = 0
  try {
    let slice: Buffer[] = []
    let sliceBytes = 0
    for (const frame of frames) {
      slice.push(frame)
      sliceBytes += frame.length
      if (sliceBytes >= SNAPSHOT_SLICE_BYTES) {
        await writeAll(handle, Buffer.concat(slice, sliceBytes))
        bytes += sliceBytes
        slice = []
        sliceBytes = 0
      }
    }
    if (sliceBytes > 0) await writeAll(handle, Buffer.concat(slice, sliceBytes))
    bytes += sliceBytes
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(tmpPath, join(dir, snapshotName(gen)))
  await syncDir(dir)
  return bytes
}

type WritableHandle = Awaited<ReturnType<typeof open>>

/** `write` may write less than asked (rare on regular files, but allowed): loop until all of it is down. */
export async function writeAll(handle: WritableHandle, data: Buffer): Promise<void> {
  let done = 0
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done)
    done += bytesWritten
  }
}
