import type { Document } from 'bson'
import type { RawDoc, RawPut } from './raw-doc.js'

/**
 * One durable change to the embedded server's state. The journal is a sequence of these; a snapshot is the
 * whole state written as the records that rebuild it (createCollection, createIndex, put...).
 * `put` inserts or replaces the document with the same `_id`.
 */
export type JournalRecord =
  | { t: 'createCollection'; db: string; coll: string; options: Document }
  | { t: 'dropCollection'; db: string; coll: string }
  | { t: 'dropDatabase'; db: string }
  | { t: 'renameCollection'; db: string; coll: string; toDb: string; toColl: string }
  | { t: 'put'; db: string; coll: string; doc: Document }
  | { t: 'remove'; db: string; coll: string; id: unknown }
  | { t: 'createIndex'; db: string; coll: string; spec: Document }
  | { t: 'dropIndex'; db: string; coll: string; name: string }

/** What recovery hands over and a dump gives back: a record, or a snapshot's `put` with its document still BSON. */
export type StoredRecord = JournalRecord | RawPut

export type RecordSource = 'snapshot' | 'journal'

/** A `put` a dump gave, with its decoded document. */
export type PutRecord = Extract<JournalRecord, { t: 'put' }>

/**
 * Told, once a compaction's snapshot is durable, where each decoded document it wrote lies in the written bytes, so
 * the engine may keep those bytes instead of the document if it has not changed since the dump (engine `settleRaw`).
 */
export type SettleWritten = (put: PutRecord, raw: RawDoc) => void

export interface RecoveryReport {
  /** Records replayed from the snapshot and the journal(s). */
  records: number
  /** Bytes cut off the end of the journal because the last record was torn or failed its checksum. */
  truncatedBytes: number
}

export interface Store {
  /**
   * Replays the latest snapshot, then the journal(s), into `apply`, in order. A torn or corrupt tail is cut off.
   * `from` says which file a record came from: a snapshot holds each document once (it is a dump of the state).
   */
  recover(apply: (record: JournalRecord, from: RecordSource) => void): Promise<RecoveryReport>
  /** The same, but a snapshot's `put` records may come as RawPuts: documents decoded only when read. */
  recover(
    apply: (record: StoredRecord, from: RecordSource) => void,
    options: { rawPuts: true },
  ): Promise<RecoveryReport>
  /**
   * Queues records for the journal. Resolves once they are on disk (written and fsynced). Records that arrive while
   * a flush is under way share the next flush (group commit). In-memory stores resolve at once.
   */
  append(records: readonly JournalRecord[]): Promise<void>
  /**
   * Gives the store a way to read the whole state as records, synchronously (so it is a consistent cut).
   * The store calls it to compact: when the journal has grown past its threshold it writes a new snapshot.
   */
  setDumper(dump: () => Iterable<StoredRecord>, settle?: SettleWritten): void
  /** Flushes what is queued, releases the lock file and closes files. */
  close(): Promise<void>
}

export interface StoreOptions {
  /** Directory holding the snapshot, journal and lock file. Undefined: in-memory, nothing is written. */
  dataDir?: string | undefined
  /** Journal size in bytes after which a snapshot is written and the journal restarted. Default 64 MiB. */
  compactAfterBytes?: number | undefined
}
