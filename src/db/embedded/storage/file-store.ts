import { mkdir, open, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  readLayout,
  journalName,
  olderThan,
  removeFiles,
  snapshotName,
  snapshotTmpName,
  writeSnapshot,
} from './generations.js'
import { scanFrames, WHOLE_FILE_MAX_BYTES } from './frame-reader.js'
import { JournalWriter } from './journal-file.js'
import { acquireLock } from './lock-file.js'
import { encodeRecord } from './record-codec.js'
import type {
  JournalRecord,
  RecordSource,
  RecoveryReport,
  SettleWritten,
  Store,
  StoredRecord,
  StoreOptions,
} from './store-types.js'
import { settleWritten } from './written-puts.js'

export { DataDirLockedError } from './lock-file.js'

/** What the store did on its own, for whoever wants to log it (the store itself never logs). */
export type StoreEvent =
  | { type: 'truncated'; file: string; bytes: number; reason: string }
  | { type: 'compacted'; generation: number; records: number; bytes: number; ms: number }
  | { type: 'compactionFailed'; generation: number; error: Error }

export interface FileStoreOptions extends StoreOptions {
  /** Called for recovery truncations and compactions. Must not throw. */
  onEvent?: ((event: StoreEvent) => void) | undefined
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024
/**
 * A compaction rewrites the whole state, so it waits for a journal of at least this share of the last snapshot too:
 * with a fixed threshold, a 1M-booking database (a 700 MB snapshot) rewrote itself after every 64 MB of writes, about
 * 150 s of the database thread's CPU each time, every few minutes under steady creates. Tied to the snapshot's size,
 * the rewriting costs at most about two bytes per byte journaled, and a restart replays at most half a snapshot more.
 */
const JOURNAL_SHARE_OF_SNAPSHOT = 0.5

/** Opens the store of `options.dataDir` (taking its lock file), or an in-memory store when there is none. */
export async function openStore(options: FileStoreOptions): Promise<Store> {
  if (options.dataDir === undefined) return memoryStore()
  const dir = resolve(options.dataDir)
  await mkdir(dir, { recursive: true })
  const release = await acquireLock(dir)
  return new FileStore(dir, release, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, options.onEvent)
}

function memoryStore(): Store {
  return {
    recover: () => Promise.resolve({ records: 0, truncatedBytes: 0 }),
    append: () => Promise.resolve(),
    setDumper: () => undefined,
    close: () => Promise.resolve(),
  }
}

class FileStore implements Store {
  private writer: JournalWriter | undefined
  private dumper: (() => Iterable<StoredRecord>) | undefined
  private settleWritten: SettleWritten | undefined
  private compaction: Promise<void> | undefined
  /** After a failed compaction, wait for this much journal before trying again instead of retrying every flush. */
  private retryCompactionAt = 0
  /** Size of the newest snapshot, from recovery and then from each compaction. */
  private snapshotBytes = 0
  private state: 'opened' | 'recovering' | 'recovered' | 'closed' = 'opened'

  constructor(
    private readonly dir: string,
    private readonly releaseLock: () => Promise<void>,
    private readonly compactAfterBytes: number,
    private readonly onEvent: ((event: StoreEvent) => void) | undefined,
  ) {}

  recover(apply: (record: JournalRecord, from: RecordSource) => void): Promise<RecoveryReport>
  recover(
    apply: (record: StoredRecord, from: RecordSource) => void,
    options: { rawPuts: true },
  ): Promise<RecoveryReport>
  async recover(
    given: ((record: JournalRecord, from: RecordSource) => void) | ((record: StoredRecord, from: RecordSource) => void),
    options?: { rawPuts: true },
  ): Promise<RecoveryReport> {
    // Without `rawPuts` the frames decode to JournalRecords only, so a JournalRecord callback never sees a RawPut.
    const apply = given as (record: StoredRecord, from: RecordSource) => void
    if (this.state !== 'opened')
      throw new Error(`recover() can only run once, before any append (store is ${this.state})`)
    this.state = 'recovering'
    const layout = await readLayout(this.dir)
    const rawPuts = options?.rawPuts === true
    let records = 0
    const counted =
      (from: RecordSource) =>
      (record: StoredRecord): void => {
        apply(record, from)
        records += 1
      }
    if (layout.snapshot !== undefined) {
      await this.replaySnapshot(layout.snapshot, counted('snapshot'), rawPuts)
      this.snapshotBytes = (await stat(join(this.dir, snapshotName(layout.snapshot)))).size
    }
    let truncatedBytes = 0
    const fromJournal = counted('journal')
    for (const [i, gen] of layout.journals.entries()) {
      truncatedBytes += await this.replayJournal(gen, layout.journals.slice(i + 1), fromJournal, rawPuts)
    }
    await removeFiles(this.dir, layout.obsolete)
    const gen = Math.max(layout.snapshot ?? 0, ...layout.journals)
    this.writer = await JournalWriter.open(this.dir, gen, () => {
      this.afterFlush()
    })
    this.state = 'recovered'
    return { records, truncatedBytes }
  }

  append(records: readonly JournalRecord[]): Promise<void> {
    if (this.state !== 'recovered' || !this.writer) {
      return Promise.reject(new Error(`append() needs a recovered, open store (store is ${this.state})`))
    }
    let frames: Buffer[]
    try {
      // Encoded now, not at flush time: the record must say what the state was when it was appended.
      frames = records.map(encodeRecord)
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return this.writer.append(frames)
  }

  setDumper(dump: () => Iterable<StoredRecord>, settle?: SettleWritten): void {
    this.dumper = dump
    this.settleWritten = settle
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return
    this.state = 'closed'
    try {
      await this.writer?.drain()
      await this.compaction
      await this.writer?.close()
    } finally {
      await this.releaseLock()
    }
  }

  /**
   * A damaged snapshot cannot be skipped: the journals it replaced are gone. Refuse to start rather than lose data.
   */
  private async replaySnapshot(gen: number, apply: (record: StoredRecord) => void, rawPuts: boolean): Promise<void> {
    const path = join(this.dir, snapshotName(gen))
    const scan = await scanFrames(path, apply, rawPuts)
    if (scan.damage !== undefined) throw new Error(`Snapshot ${path} is damaged (${scan.damage}); refusing to start`)
  }

  /**
   * Replays one journal; cuts a torn or corrupt tail off it. Returns the bytes cut. With `rawPuts` its documents stay
   * as bytes like a snapshot's (engine `putRawRecovered`): a journal of 121k rewritten bookings (154 MB) was 1.2 s of
   * decoding at every restart, for documents nobody had read yet.
   */
  private async replayJournal(
    gen: number,
    later: readonly number[],
    apply: (record: StoredRecord) => void,
    rawPuts: boolean,
  ): Promise<number> {
    const path = join(this.dir, journalName(gen))
    const scan = await scanFrames(path, apply, rawPuts)
    if (scan.damage === undefined) return 0
    // A journal is complete on disk before the next one gets its first record, so damage followed by records in a
    // later journal is not a torn write but real corruption: cutting it would silently drop acknowledged writes.
    if (await this.anyNonEmpty(later)) {
      throw new Error(`Journal ${path} is damaged (${scan.damage}) but later journals hold records; refusing to start`)
    }
    const bytes = scan.fileBytes - scan.validBytes
    await truncateFile(path, scan.validBytes)
    this.onEvent?.({ type: 'truncated', file: path, bytes, reason: scan.damage })
    return bytes
  }

  private async anyNonEmpty(gens: readonly number[]): Promise<boolean> {
    for (const gen of gens) {
      if ((await stat(join(this.dir, journalName(gen)))).size > 0) return true
    }
    return false
  }

  /**
   * Runs synchronously right after each flush, so the dump and the journal switch happen at one instant. The dump
   * only collects references (stored documents are never mutated, only swapped: engine/collection.ts), so it is a
   * consistent cut taken in milliseconds; the records are encoded later, slice by slice between file writes.
   * Encoding them all here held the event loop for a minute at 300,000 documents: drivers' heartbeats timed out.
   */
  private afterFlush(): void {
    const writer = this.writer
    if (!writer || writer.error || !this.dumper || this.compaction || this.state !== 'recovered') return
    const due = Math.max(this.compactAfterBytes, this.retryCompactionAt, this.snapshotBytes * JOURNAL_SHARE_OF_SNAPSHOT)
    if (writer.size < due) return
    const started = Date.now()
    let records: StoredRecord[]
    try {
      records = Array.from(this.dumper())
    } catch (error) {
      this.compactionFailed(writer.gen + 1, error)
      return
    }
    const rotated = writer.rotate()
    this.compaction = this.finishCompaction(writer.gen, records, rotated, started).finally(() => {
      this.compaction = undefined
    })
  }

  /** Snapshot `gen` is durable before anything it replaces is deleted; a crash anywhere leaves a replayable set. */
  private async finishCompaction(
    gen: number,
    records: readonly StoredRecord[],
    rotated: Promise<void>,
    started: number,
  ): Promise<void> {
    try {
      const bytes = await writeSnapshot(this.dir, gen, encodeAll(records))
      await rotated
      await removeFiles(this.dir, await olderThan(this.dir, gen))
      this.snapshotBytes = bytes
      if (this.settleWritten && bytes <= WHOLE_FILE_MAX_BYTES) {
        // Read back whole, one allocation: keeping each 1 MiB slice as it was written grew V8's external memory a
        // slice at a time, and every few dozen MB of it started a full collection (6 instead of 1 over 300k
        // documents, and twice the compaction's time).
        await settleWritten(records, await readFile(join(this.dir, snapshotName(gen))), this.settleWritten)
      }
      this.onEvent?.({ type: 'compacted', generation: gen, records: records.length, bytes, ms: Date.now() - started })
    } catch (error) {
      // A record that cannot be encoded fails the compaction like a write error: the older snapshot and both
      // journals stay, and recovery replays them all.
      await rotated.catch(() => undefined)
      await removeFiles(this.dir, [snapshotTmpName(gen)]).catch(() => undefined)
      this.compactionFailed(gen, error)
    }
  }

  private compactionFailed(gen: number, error: unknown): void {
    this.retryCompactionAt = (this.writer?.size ?? 0) + this.compactAfterBytes
    const err = error instanceof Error ? error : new Error(String(error))
    this.onEvent?.({ type: 'compactionFailed', generation: gen, error: err })
  }
}

function* encodeAll(records: readonly StoredRecord[]): Generator<Buffer> {
  for (const record of records) yield encodeRecord(record)
}

async function truncateFile(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.truncate(length)
    await handle.sync()
  } finally {
    await handle.close()
  }
}
