import { MongoCommandError } from '../errors.js'
import { RawDoc } from '../storage/raw-doc.js'
import type { StoredRecord, JournalRecord } from '../storage/store-types.js'
import type { Doc } from './bson-values.js'
import { valueKey } from './bson-order.js'
import { DocTable } from './doc-table.js'
import { buildSorted, finishDeferredInBackground, type IndexBuild } from './index-build.js'
import { Operation } from './operation.js'
import { decodeBson } from '../storage/bson-reader.js'
import { compact } from './stored-doc.js'
import { IndexStore, type IndexSpec } from './index-store.js'

/** Below this many documents an index is sorted at once after recovery: it takes milliseconds. */
const BACKGROUND_REBUILD_DOCS = 10_000

/** The key under which a document is stored: equal for `_id` values MongoDB considers equal. */
export function idKeyOf(id: unknown): string {
  return valueKey(id)
}

/**
 * One collection: documents by `_id` in insertion order, and their indexes. Every write checks all unique
 * indexes before it changes anything, then swaps whole documents in (never mutates a stored one), so a failed
 * write needs no rollback and open cursors keep the documents they hold.
 */
export class Collection {
  readonly docs = new DocTable()
  readonly indexes = new Map<string, IndexStore>()
  /** Index builds running in the background: each records the writes made meanwhile (index-build.ts). */
  readonly building = new Set<IndexBuild>()

  constructor(
    readonly db: string,
    public name: string,
    public options: Doc,
    private readonly journal: (record: JournalRecord) => void,
    /** Set while the server recovers: indexes keep only their unique maps until `buildDeferredIndexes`. */
    private deferIndexes = false,
  ) {
    // Unique through the document table, which is keyed by `_id` (index-store.ts, `unique`).
    const id = new IndexStore({ v: 2, key: { _id: 1 }, name: '_id_' })
    id.deferred = deferIndexes
    this.indexes.set('_id_', id)
  }

  /**
   * Ends recovery: each index sorts its entries once, at once on a small collection and in the background on a
   * large one (queries scan until it is ready; writes are recorded and applied to it).
   */
  buildDeferredIndexes(): void {
    this.deferIndexes = false
    const deferred = [...this.indexes.values()].filter((index) => index.deferred)
    if (deferred.length === 0) return
    if (this.docs.size < BACKGROUND_REBUILD_DOCS) buildSorted(deferred, this.docs)
    // A failed rebuild leaves its indexes ignored by the planner (scans stay correct), never wrong.
    else void finishDeferredInBackground(this, deferred, new Operation()).catch(() => undefined)
  }

  get ns(): string {
    return `${this.db}.${this.name}`
  }

  get(id: unknown): Doc | undefined {
    return this.docs.get(id)
  }

  insert(given: Doc): void {
    const doc = compact(given)
    if (this.docs.has(doc._id)) throw this.idIndex().duplicateError([doc._id], this.ns)
    for (const index of this.indexes.values()) index.checkUnique(doc, -1, this.ns)
    const ord = this.docs.add(doc._id, doc) as number
    for (const index of this.indexes.values()) index.add(doc, ord)
    for (const build of this.building) build.changes.push({ add: true, doc, ord })
    this.journal({ t: 'put', db: this.db, coll: this.name, doc })
  }

  /** Replaces `before` by `after`, which must carry the same `_id`. */
  replace(before: Doc, given: Doc): void {
    const after = compact(given)
    if (idKeyOf(after._id) !== idKeyOf(before._id))
      throw new MongoCommandError(
        'ImmutableField',
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      )
    const ord = this.docs.ordinalOf(before._id)
    if (ord === undefined)
      throw new MongoCommandError('InternalError', `replace of a document not stored in ${this.ns}`)
    for (const index of this.indexes.values()) index.checkUnique(after, ord, this.ns)
    this.docs.replace(ord, after)
    for (const index of this.indexes.values()) index.update(before, after, ord)
    for (const build of this.building)
      build.changes.push({ add: false, doc: before, ord }, { add: true, doc: after, ord })
    this.journal({ t: 'put', db: this.db, coll: this.name, doc: after })
  }

  remove(doc: Doc): void {
    const ord = this.docs.delete(doc._id)
    if (ord === undefined) return
    for (const index of this.indexes.values()) index.delete(doc, ord)
    for (const build of this.building) build.changes.push({ add: false, doc, ord })
    this.journal({ t: 'remove', db: this.db, coll: this.name, id: doc._id })
  }

  /**
   * Whether a write must show its document to an index now: outside recovery, or for a unique index (its hash map
   * checks every write). During recovery the other indexes are deferred and ignore documents until the end.
   */
  private indexesNeedDocs(): boolean {
    if (this.building.size > 0) return true
    for (const index of this.indexes.values()) if (index.unique || !index.deferred) return true
    return false
  }

  /**
   * Recovery's insert of a snapshot document kept as bytes (decoded for each read, doc-table.ts). A collection whose
   * indexes need its documents now (a unique secondary index) gets it decoded, through the ordinary insert.
   */
  insertRecovered(id: unknown, raw: RawDoc): void {
    if (this.indexesNeedDocs()) {
      this.insert(decodeBson(raw.bytes()))
      return
    }
    if (this.docs.add(id, raw) === undefined) throw this.idIndex().duplicateError([id], this.ns)
  }

  /** Recovery's `put` from a journal: inserts or replaces, without decoding a raw document the indexes need not see. */
  putRecovered(given: Doc): void {
    const ord = this.docs.ordinalOf(given._id)
    if (this.indexesNeedDocs()) {
      const before = ord === undefined ? undefined : this.docs.at(ord)
      if (before) this.replace(before, given)
      else this.insert(given)
    } else if (ord === undefined) this.docs.add(given._id, compact(given))
    else this.docs.replace(ord, compact(given))
  }

  /**
   * Recovery's `put` from a journal kept as bytes: inserts or replaces like `putRecovered`, and the document stays
   * undecoded unless an index needs it now. A journal rewrites the same documents often; only the last version of
   * each is ever decoded, when it is read.
   */
  putRawRecovered(id: unknown, raw: RawDoc): void {
    if (this.indexesNeedDocs()) {
      this.putRecovered(decodeBson(raw.bytes()))
      return
    }
    const ord = this.docs.ordinalOf(id)
    if (ord === undefined) this.docs.add(id, raw)
    else this.docs.replace(ord, raw)
  }

  /** Recovery's `remove`: same shortcut as `putRecovered`. */
  removeRecovered(id: unknown): void {
    if (!this.indexesNeedDocs()) {
      this.docs.delete(id)
      return
    }
    const doc = this.get(id)
    if (doc) this.remove(doc)
  }

  /** Builds the index over existing documents; throws E11000 (changing nothing) when they violate it. */
  addIndex(spec: IndexSpec): void {
    const index = new IndexStore(spec)
    // Only the unique map is filled per document; the sorted entries come from one sort (or after recovery).
    index.deferred = true
    // A deferred index that is not unique ignores documents until it is sorted: reading them (decoding any raw one,
    // doc-table.ts) would be for nothing.
    if (index.unique)
      for (const [ord, doc] of this.docs.entries()) {
        index.checkUnique(doc, ord, this.ns)
        index.add(doc, ord)
      }
    if (!this.deferIndexes) buildSorted([index], this.docs)
    this.installIndex(index)
  }

  /** Makes a built index visible to the planner and every later write, and journals it. */
  installIndex(index: IndexStore): void {
    this.indexes.set(index.name, index)
    this.journal({ t: 'createIndex', db: this.db, coll: this.name, spec: index.spec })
  }

  dropIndex(name: string): void {
    this.indexes.delete(name)
    this.journal({ t: 'dropIndex', db: this.db, coll: this.name, name })
  }

  idIndex(): IndexStore {
    return this.indexes.get('_id_') as IndexStore
  }

  /** The collection as the records that rebuild it (for snapshots); a still-raw document as its bytes. */
  *records(): Generator<StoredRecord> {
    yield { t: 'createCollection', db: this.db, coll: this.name, options: this.options }
    for (const index of this.indexes.values()) {
      if (index.name !== '_id_') yield { t: 'createIndex', db: this.db, coll: this.name, spec: index.spec }
    }
    for (const doc of this.docs.stored()) {
      if (doc instanceof RawDoc) yield { t: 'rawPut', db: this.db, coll: this.name, id: undefined, raw: doc }
      else yield { t: 'put', db: this.db, coll: this.name, doc }
    }
  }
}
