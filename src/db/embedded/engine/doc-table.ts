import { ObjectId } from 'bson'
import { decodeBson, decodeTopFields } from '../storage/bson-reader.js'
import type { WantedFields } from '../storage/bson-skip.js'
import { RawDoc } from '../storage/raw-doc.js'
import { valueKey } from './bson-order.js'
import type { Doc } from './bson-values.js'
import { InsertionOrder, type OrderCursor } from './insertion-order.js'
import { ObjectIdMap } from './object-id-map.js'
import { RawSlots } from './raw-slots.js'

/**
 * A collection's documents by `_id`, each also known by an ordinal: a small integer the indexes hold instead of
 * the id. Ordinals make an index entry one small integer in its key's posting list (4 bytes, compared as
 * numbers), which is what keeps a multikey search index with dozens of entries per document affordable, and lets
 * `$all` intersect posting lists without touching documents. A removed document's ordinal is reused.
 *
 * ObjectId ids (nearly every collection's) are found through an ObjectIdMap, which costs no object per id; any
 * other id through its `valueKey` string, which is equal for the values MongoDB considers equal.
 *
 * A slot may hold a document recovery left as BSON bytes (a RawDoc when handed over, then marked RAW and located
 * by raw-slots.ts). Every read decodes it anew and the slot stays raw: nothing outside this table (and the dump,
 * via `stored`) ever sees the bytes, and a decoded copy is young garbage once the read is done. Keeping the decoded
 * document in the slot instead (as this table first did) turned one full scan, or the background sort of an index
 * after start-up, into every document of the collection on the heap for good: 1M bookings made a 4.5 GB heap whose
 * full collections paused the database for 1 to 4 s each, in the middle of searches that examine 37 documents.
 * A raw document stops being raw only when it is replaced or removed; once none of a snapshot chunk's documents
 * is raw, nothing holds the chunk.
 *
 * Iteration follows insertion order (a replaced document keeps its place), as a `Map` of the documents did, with
 * the same guarantees to an iteration paused across writes (insertion-order.ts).
 */
/** What `scan` and `testedAt` give for a document whose filter fields failed the test: never a match (query-run.ts). */
export const REJECTED: Doc = Object.freeze({})

/** Marks a slot whose document is still BSON bytes: where they lie is in `raw`, under the same ordinal. */
const RAW: unique symbol = Symbol('raw document')

export class DocTable {
  private readonly objectIds = new ObjectIdMap()
  private readonly otherIds = new Map<string, number>()
  private readonly order = new InsertionOrder()
  private readonly slots: (Doc | typeof RAW | undefined)[] = []
  private readonly raw = new RawSlots()
  private readonly free: number[] = []

  get size(): number {
    return this.order.size
  }

  has(id: unknown): boolean {
    return this.ordinalOf(id) !== undefined
  }

  get(id: unknown): Doc | undefined {
    const ord = this.ordinalOf(id)
    return ord === undefined ? undefined : this.at(ord)
  }

  ordinalOf(id: unknown): number | undefined {
    return id instanceof ObjectId ? this.objectIds.get(id) : this.otherIds.get(valueKey(id))
  }

  /**
   * The document holding `ord` now (undefined once it was removed). A raw one is decoded for this read only, so two
   * reads give equal documents, not the same object (nobody changes a stored document in place: writes replace it).
   */
  at(ord: number): Doc | undefined {
    const slot = this.slots[ord]
    return slot === RAW ? decodeBson(this.raw.peek(ord).bytes()) : slot
  }

  /**
   * Stores a document (or its recovered bytes) under a new id and returns its ordinal; undefined, with nothing
   * changed, when the id is already stored (one lookup for both, which recovery's million inserts notice).
   */
  add(id: unknown, doc: Doc | RawDoc): number | undefined {
    const reused = this.free.pop()
    const ord = reused ?? this.slots.length
    if (!this.claim(id, ord)) {
      if (reused !== undefined) this.free.push(reused)
      return undefined
    }
    if (doc instanceof RawDoc) {
      this.raw.put(ord, doc)
      this.slots[ord] = RAW
    } else this.slots[ord] = doc
    this.order.add(ord)
    return ord
  }

  /** Swaps in the new version of a stored document (or, replaying a journal, its bytes). */
  replace(ord: number, doc: Doc | RawDoc): void {
    if (this.slots[ord] === RAW) this.raw.take(ord)
    if (doc instanceof RawDoc) {
      this.raw.put(ord, doc)
      this.slots[ord] = RAW
    } else this.slots[ord] = doc
  }

  /**
   * After a compaction wrote `doc`: its slot takes the written bytes instead, if it still holds that very object (a
   * write since the dump swapped in another; stored documents are never changed in place). True when it did.
   */
  settleRaw(id: unknown, doc: Doc, raw: RawDoc): boolean {
    const ord = this.ordinalOf(id)
    if (ord === undefined || this.slots[ord] !== doc) return false
    this.raw.put(ord, raw)
    this.slots[ord] = RAW
    return true
  }

  /** Removes a document; returns its (now free) ordinal, or undefined when the id was not stored. */
  delete(id: unknown): number | undefined {
    const ord = id instanceof ObjectId ? this.objectIds.delete(id) : this.deleteOther(valueKey(id))
    if (ord === undefined) return undefined
    this.order.delete(ord)
    if (this.slots[ord] === RAW) this.raw.take(ord)
    this.slots[ord] = undefined
    this.free.push(ord)
    return ord
  }

  private claim(id: unknown, ord: number): boolean {
    if (id instanceof ObjectId) return this.objectIds.insert(id, ord)
    const key = valueKey(id)
    if (this.otherIds.has(key)) return false
    this.otherIds.set(key, ord)
    return true
  }

  private deleteOther(key: string): number | undefined {
    const ord = this.otherIds.get(key)
    if (ord !== undefined) this.otherIds.delete(key)
    return ord
  }

  /** The documents in insertion order, through an iterator that allocates nothing per document (see DocCursor). */
  values(): IterableIterator<Doc> {
    return new DocCursor(this.order.cursor(), (ord) => this.at(ord))
  }

  /**
   * For a full scan: the documents in insertion order, except that a raw one whose `wanted` fields (decoded alone,
   * the rest stepped over) fail `test` comes as REJECTED, never decoded whole. Each document still yields once, so
   * the caller's slices count every document examined. Decoding all 31 fields of each of a million recovered
   * bookings to test one of them took 10 s per scan.
   */
  *scan(wanted: WantedFields, test: (doc: Doc) => boolean): Generator<Doc> {
    for (const ord of this.order) {
      const slot = this.slots[ord]
      if (slot !== RAW) {
        if (slot) yield slot
        continue
      }
      const bytes = this.raw.peek(ord).bytes()
      const fields = decodeTopFields(bytes, wanted)
      yield fields !== undefined && !test(fields) ? REJECTED : decodeBson(bytes)
    }
  }

  /**
   * Document `ord` tested against `test`: REJECTED when it fails, undefined once removed. A raw one is first tested on
   * its `wanted` fields, decoded alone (REJECTED without decoding the rest when they fail); one that passes comes
   * decoded whole, or, when not `whole` (a count), as those fields only. Without `wanted` a raw one is decoded whole.
   */
  testedAt(
    ord: number,
    test: (doc: Doc) => boolean,
    wanted: WantedFields | undefined,
    whole: boolean,
  ): Doc | undefined {
    const slot = this.slots[ord]
    if (slot !== RAW) return slot === undefined || test(slot) ? slot : REJECTED
    const bytes = this.raw.peek(ord).bytes()
    const fields = wanted === undefined ? undefined : decodeTopFields(bytes, wanted)
    if (fields === undefined) {
      const doc = decodeBson(bytes)
      return test(doc) ? doc : REJECTED
    }
    if (!test(fields)) return REJECTED
    return whole ? decodeBson(bytes) : fields
  }

  /** `[ordinal, document]` pairs in insertion order. */
  *entries(): Generator<[number, Doc]> {
    for (const ord of this.order) {
      const doc = this.at(ord)
      if (doc) yield [ord, doc]
    }
  }

  /**
   * The documents as stored, still-raw ones as their bytes, in insertion order: for a snapshot, which copies those
   * bytes as they are instead of decoding and encoding them again. Decodes nothing.
   */
  *stored(): Generator<Doc | RawDoc> {
    for (const ord of this.order) {
      const doc = this.slots[ord]
      if (doc === RAW) yield this.raw.peek(ord)
      else if (doc) yield doc
    }
  }

  /** How many documents are still raw (for figures). */
  rawCount(): number {
    return this.raw.size
  }
}

/**
 * The documents of an OrderCursor, as an iterator that hands out one result object, updated in place: a full scan
 * takes a step per document, and two generators stacked (order, then table) allocated 80 bytes of results per step,
 * 8 MB per 100k-document scan. Every consumer (for...of, MatchStream) reads `value` before asking for the next.
 */
class DocCursor implements IterableIterator<Doc> {
  private readonly result: IteratorResult<Doc, undefined> = { done: false, value: {} }

  constructor(
    private readonly order: OrderCursor,
    private readonly at: (ord: number) => Doc | undefined,
  ) {}

  next(): IteratorResult<Doc, undefined> {
    for (let ord = this.order.next(); ord >= 0; ord = this.order.next()) {
      const doc = this.at(ord)
      if (doc === undefined) continue
      this.result.value = doc
      return this.result
    }
    return { done: true, value: undefined }
  }

  [Symbol.iterator](): IterableIterator<Doc> {
    return this
  }
}
