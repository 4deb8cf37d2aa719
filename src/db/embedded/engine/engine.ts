import { MongoCommandError } from '../errors.js'
import type { RawDoc } from '../storage/raw-doc.js'
import type { JournalRecord, PutRecord, RecordSource, StoredRecord } from '../storage/store-types.js'
import type { Doc } from './bson-values.js'
import { Collection } from './collection.js'
import type { IndexSpec } from './index-store.js'

/**
 * All databases and collections of the server, in memory. Every change is also recorded as a JournalRecord in
 * `pending`; the server takes them after each command and acknowledges the command once the store has them on
 * disk. Command handlers run synchronously, so each command is atomic with respect to every other.
 */
export class Engine {
  private readonly databases = new Map<string, Map<string, Collection>>()
  private pending: JournalRecord[] = []
  private replaying = false
  /** Between `startRecovery` and `finishRecovery`: collections defer their sorted index entries. */
  private recovering = false

  private readonly journal = (record: JournalRecord): void => {
    if (!this.replaying) this.pending.push(record)
  }

  takePending(): JournalRecord[] {
    const out = this.pending
    this.pending = []
    return out
  }

  databaseNames(): string[] {
    return [...this.databases.keys()].filter((name) => (this.databases.get(name)?.size ?? 0) > 0)
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])]
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name)
  }

  /** The collection, created on first use as MongoDB does for writes and index builds. */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {})
  }

  createCollection(db: string, name: string, options: Doc): Collection {
    validateName(db, name)
    if (this.collection(db, name))
      throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`)
    let colls = this.databases.get(db)
    if (!colls) this.databases.set(db, (colls = new Map<string, Collection>()))
    const coll = new Collection(db, name, options, this.journal, this.recovering)
    colls.set(name, coll)
    this.journal({ t: 'createCollection', db, coll: name, options })
    return coll
  }

  dropCollection(db: string, name: string): boolean {
    const existed = this.databases.get(db)?.delete(name) ?? false
    if (existed) this.journal({ t: 'dropCollection', db, coll: name })
    return existed
  }

  dropDatabase(db: string): void {
    if (this.databases.delete(db)) this.journal({ t: 'dropDatabase', db })
  }

  renameCollection(db: string, name: string, toDb: string, toName: string): void {
    const coll = this.collection(db, name)
    if (!coll) throw new MongoCommandError('NamespaceNotFound', 'source namespace does not exist')
    validateName(toDb, toName)
    this.databases.get(db)?.delete(name)
    // Rebuild under the new name: documents and indexes are shared values, so this is cheap and keeps one code path.
    const target = new Collection(toDb, toName, coll.options, this.journal, this.recovering)
    let colls = this.databases.get(toDb)
    if (!colls) this.databases.set(toDb, (colls = new Map<string, Collection>()))
    colls.set(toName, target)
    const wasReplaying = this.replaying
    this.replaying = true
    for (const index of coll.indexes.values()) if (index.name !== '_id_') target.addIndex(index.spec)
    for (const doc of coll.docs.values()) target.insert(doc)
    this.replaying = wasReplaying
    this.journal({ t: 'renameCollection', db, coll: name, toDb, toColl: toName })
  }

  startRecovery(): void {
    this.recovering = true
  }

  /**
   * Builds every index deferred during recovery with one sort each: replaying n documents into k sorted indexes
   * one ordered insert at a time was what made start-up on a large database take tens of seconds.
   */
  finishRecovery(): void {
    this.recovering = false
    for (const colls of this.databases.values()) for (const coll of colls.values()) coll.buildDeferredIndexes()
  }

  /**
   * Re-applies one journal record during recovery (no journaling, no re-checks of what was checked before). A
   * snapshot's document is inserted without first looking for one with its `_id`: a snapshot holds each once, and
   * at 1M documents that lookup was 8% of recovery (a duplicate would still be refused by the insert).
   */
  replay(record: StoredRecord, from: RecordSource = 'journal'): void {
    this.replaying = true
    try {
      if (record.t === 'rawPut') {
        const coll = this.ensureCollection(record.db, record.coll)
        if (from === 'snapshot') coll.insertRecovered(record.id, record.raw)
        else coll.putRawRecovered(record.id, record.raw)
      } else if (record.t === 'put' && from === 'snapshot')
        this.ensureCollection(record.db, record.coll).insert(record.doc)
      else this.applyRecord(record)
    } finally {
      this.replaying = false
    }
  }

  private applyRecord(r: JournalRecord): void {
    switch (r.t) {
      case 'createCollection':
        if (!this.collection(r.db, r.coll)) this.createCollection(r.db, r.coll, r.options)
        return
      case 'dropCollection':
        this.dropCollection(r.db, r.coll)
        return
      case 'dropDatabase':
        this.dropDatabase(r.db)
        return
      case 'renameCollection':
        this.renameCollection(r.db, r.coll, r.toDb, r.toColl)
        return
      case 'createIndex':
        this.ensureCollection(r.db, r.coll).addIndex(r.spec as IndexSpec)
        return
      case 'dropIndex':
        this.collection(r.db, r.coll)?.dropIndex(r.name)
        return
      case 'put':
        this.ensureCollection(r.db, r.coll).putRecovered(r.doc)
        return
      case 'remove':
        this.collection(r.db, r.coll)?.removeRecovered(r.id)
        return
    }
  }

  /**
   * A document a compaction wrote, with its bytes in the snapshot: the table keeps the bytes in its place if it is
   * still stored unchanged (storage/written-puts.ts says why).
   */
  settleRaw(put: PutRecord, raw: RawDoc): void {
    this.collection(put.db, put.coll)?.docs.settleRaw(put.doc._id, put.doc, raw)
  }

  /** The whole state as records, for a snapshot. */
  *dump(): Generator<StoredRecord> {
    for (const colls of this.databases.values()) for (const coll of colls.values()) yield* coll.records()
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`)
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: '${name}'`)
  }
}
