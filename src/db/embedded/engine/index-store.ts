import type { Query } from 'mingo/query'
import { MongoCommandError } from '../errors.js'
import type { Doc } from './bson-values.js'
import { compareKeyValues } from './bson-order.js'
import { newQuery } from './mingo-context.js'
import { indexValuesAt } from './paths.js'
import { PostingList } from './posting-list.js'
import { tupleKey, type Posting } from './postings.js'

/** The options of an index as stored and listed (`listIndexes` returns this document). */
export interface IndexSpec extends Doc {
  v: number
  key: Record<string, number | string>
  name: string
  unique?: boolean
  sparse?: boolean
  partialFilterExpression?: Doc
  expireAfterSeconds?: number
}

/**
 * A secondary (or `_id_`) index: one posting per distinct key (the ordinals of the documents holding it), sorted by
 * key honouring each field's direction (posting-list.ts), plus, when unique, a hash map from key to document for O(1) duplicate
 * checks. Missing fields index as null. Entries are totally ordered: by key, then by ordinal.
 */
export class IndexStore {
  readonly fields: string[]
  readonly directions: number[]
  readonly postings: PostingList
  private readonly uniqueMap = new Map<string, number>()
  private readonly partial: Query | undefined
  multikey = false
  /**
   * While the server recovers, only the unique hash map is kept (cheap, and what write checks need); the postings
   * are built once at the end by `buildSorted` (index-build.ts), grouped by hash and sorted once instead of one ordered insert each.
   */
  deferred = false
  /** Bumped by every change to any posting, so a reader that paused knows its position may have moved. */
  version = 0

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key)
    this.directions = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1))
    this.postings = new PostingList(this.directions)
    this.partial = spec.partialFilterExpression ? newQuery(spec.partialFilterExpression) : undefined
  }

  get name(): string {
    return this.spec.name
  }

  /**
   * Whether the index refuses duplicate keys through its hash map. The `_id_` index (unique without saying so in its
   * spec, as in MongoDB) keeps none: the collection's document table is keyed by the same value and refuses a second
   * document with an `_id` (collection.ts); a map here would be a second copy of every key, rebuilt at each start.
   */
  get unique(): boolean {
    return this.spec.unique === true
  }

  /** Whether the planner may use this index for any query (sparse and partial ones hold only some documents). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial && !this.deferred
  }

  compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const c = compareKeyValues(a[i], b[i])
      if (c !== 0) return c * (this.directions[i] ?? 1)
    }
    return 0
  }

  readonly comparePostings = (a: Posting, b: Posting): number => this.compareKeys(a.key, b.key)

  /** The posting of exactly `key`, if any document holds it: the index's own, not to be changed by the caller. */
  postingOf(key: unknown[]): Posting | undefined {
    return this.postings.find(key)
  }

  /** The key tuples a document contributes (several when a field is an array), or none when it is excluded. */
  keysOf(doc: Doc): unknown[][] {
    if (this.partial && !this.partial.test(doc)) return []
    return this.topLevelKey(doc) ?? this.expandedKeys(doc)
  }

  /**
   * The one key of a document whose indexed fields are all top-level and not arrays (nearly every document), built
   * without the per-field arrays of the general case: index builds and recovery call this once per document.
   */
  private topLevelKey(doc: Doc): unknown[][] | undefined {
    const key: unknown[] = new Array(this.fields.length)
    let present = false
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i] as string
      if (field.includes('.')) return undefined
      const v = doc[field]
      if (Array.isArray(v)) return undefined
      if (v !== undefined) present = true
      key[i] = v === undefined ? null : v
    }
    return this.spec.sparse && !present ? [] : [key]
  }

  private expandedKeys(doc: Doc): unknown[][] {
    const strings = this.fields.length === 1 ? this.topLevelStrings(doc) : undefined
    if (strings) return strings.map((s) => [s])
    const perField = this.fields.map((f) => indexValuesAt(doc, f))
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return []
    let tuples: unknown[][] = [[]]
    for (const vals of perField) tuples = tuples.flatMap((t) => vals.map((v) => [...t, v === undefined ? null : v]))
    // A spread-built array keeps room to grow (224 bytes for four values, 80 once copied): these keys are kept by
    // the index, one per array element of every document (a booking's services), so each is stored exactly sized.
    return dedupe(tuples).map((tuple) => tuple.slice())
  }

  /**
   * The distinct elements of the one indexed field when it is a top-level, non-empty array of strings only (a
   * search index's grams, a booking's services): each is a key of its own. Strings are equal exactly when their
   * hash keys are, so a Set dedupes them as the general path does, without a key string built per element (a
   * booking's ~50 grams on every insert).
   */
  private topLevelStrings(doc: Doc): readonly string[] | undefined {
    const field = this.fields[0] as string
    const value = field.includes('.') ? undefined : doc[field]
    if (!Array.isArray(value) || value.length === 0) return undefined
    for (const item of value) if (typeof item !== 'string') return undefined
    const distinct = new Set(value as string[])
    return distinct.size === value.length ? (value as string[]) : [...distinct]
  }

  /** Throws E11000 when `doc` would share a unique key with a document other than `self` (-1 for a new one). */
  checkUnique(doc: Doc, self: number, ns: string): void {
    if (!this.unique) return
    for (const key of this.keysOf(doc)) {
      const owner = this.uniqueMap.get(tupleKey(key))
      if (owner !== undefined && owner !== self) throw this.duplicateError(key, ns)
    }
  }

  add(doc: Doc, ord: number): void {
    if (this.deferred && !this.unique) return
    const keys = this.keysOf(doc)
    if (keys.length > 1) this.multikey = true
    for (const key of keys) this.addKey(key, ord)
  }

  delete(doc: Doc, ord: number): void {
    if (this.deferred && !this.unique) return
    for (const key of this.keysOf(doc)) this.removeKey(key, ord)
  }

  /**
   * Moves a replaced document's entries: only the keys that changed, so an update that leaves the indexed fields
   * alone (most do) costs a key comparison, and one that edits a search field touches the grams it changed.
   */
  update(before: Doc, after: Doc, ord: number): void {
    if (this.deferred && !this.unique) return
    const old = this.keysOf(before)
    const next = this.keysOf(after)
    if (old.length === 1 && next.length === 1 && this.compareKeys(old[0] as unknown[], next[0] as unknown[]) === 0)
      return
    if (next.length > 1) this.multikey = true
    const kept = new Set(old.map(tupleKey))
    const wanted = new Set(next.map(tupleKey))
    for (const key of old) if (!wanted.has(tupleKey(key))) this.removeKey(key, ord)
    for (const key of next) if (!kept.has(tupleKey(key))) this.addKey(key, ord)
  }

  private addKey(key: unknown[], ord: number): void {
    if (this.unique) this.uniqueMap.set(tupleKey(key), ord)
    if (this.deferred) return
    if (this.postings.add(key, ord)) this.version++
  }

  private removeKey(key: unknown[], ord: number): void {
    if (this.unique && this.uniqueMap.get(tupleKey(key)) === ord) this.uniqueMap.delete(tupleKey(key))
    if (this.deferred) return
    if (this.postings.remove(key, ord)) this.version++
  }

  /** Replaces the postings with `sorted` (sorted by key) and leaves the deferred mode. */
  load(sorted: Posting[]): void {
    this.postings.loadSorted(sorted)
    this.deferred = false
    this.version++
  }

  duplicateError(key: readonly unknown[], ns: string): MongoCommandError {
    const keyValue: Doc = {}
    const keyPattern: Doc = {}
    this.fields.forEach((f, i) => {
      keyValue[f] = key[i]
      keyPattern[f] = this.spec.key[f]
    })
    const shown = this.fields.map((f, i) => `${f}: ${JSON.stringify(key[i] ?? null)}`).join(', ')
    return new MongoCommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    )
  }
}

function dedupe(tuples: unknown[][]): unknown[][] {
  if (tuples.length < 2) return tuples
  const seen = new Set<string>()
  return tuples.filter((t) => {
    const k = tupleKey(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
