import type { Query } from 'mingo/query'
import { MongoCommandError } from '../errors.js'
import type { Doc } from './bson-values.js'
import { compareValues, valueKey } from './bson-order.js'
import { newQuery } from './mingo-context.js'
import { indexValuesAt } from './paths.js'
import { SortedList } from './sorted-list.js'

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

/** One index entry: the key tuple (a value per indexed field) and the stored document's id key. */
export interface IndexEntry {
  key: unknown[]
  id: string
}

/**
 * A secondary (or `_id_`) index: entries sorted by key (honouring each field's direction), plus, when unique,
 * a hash map from key to document for O(1) duplicate checks. Missing fields index as null.
 */
export class IndexStore {
  readonly fields: string[]
  readonly directions: number[]
  readonly entries: SortedList<IndexEntry>
  private readonly uniqueMap = new Map<string, string>()
  private readonly partial: Query | undefined
  multikey = false
  /**
   * While the server recovers, only the unique hash map is kept (cheap, and what write checks need); the sorted
   * entries are built once at the end by `buildSorted`, a sort instead of one ordered insert per document.
   */
  deferred = false

  /** `forceUnique`: the `_id_` index is unique without saying so in its listed spec, as in MongoDB. */
  constructor(
    readonly spec: IndexSpec,
    private readonly forceUnique = false,
  ) {
    this.fields = Object.keys(spec.key)
    this.directions = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1))
    this.entries = new SortedList<IndexEntry>((a, b) => this.compareEntries(a, b))
    this.partial = spec.partialFilterExpression ? newQuery(spec.partialFilterExpression) : undefined
  }

  get name(): string {
    return this.spec.name
  }

  get unique(): boolean {
    return this.forceUnique || this.spec.unique === true
  }

  /** Whether the planner may use this index for any query (sparse and partial ones hold only some documents). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial && !this.deferred
  }

  compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const c = compareValues(a[i], b[i]) * (this.directions[i] ?? 1)
      if (c !== 0) return c
    }
    return 0
  }

  /** Entries are totally ordered: by key, then by document id. */
  compareEntries(a: IndexEntry, b: IndexEntry): number {
    const c = this.compareKeys(a.key, b.key)
    if (c !== 0) return c
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
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
    const perField = this.fields.map((f) => indexValuesAt(doc, f))
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return []
    let tuples: unknown[][] = [[]]
    for (const vals of perField) tuples = tuples.flatMap((t) => vals.map((v) => [...t, v === undefined ? null : v]))
    return dedupe(tuples)
  }

  /** Throws E11000 when `doc` would share a unique key with a document other than `selfId`. */
  checkUnique(doc: Doc, selfId: string, ns: string): void {
    if (!this.unique) return
    for (const key of this.keysOf(doc)) {
      const owner = this.uniqueMap.get(valueKey(key))
      if (owner !== undefined && owner !== selfId) throw this.duplicateError(key, ns)
    }
  }

  add(doc: Doc, id: string): void {
    if (this.deferred && !this.unique) return
    const keys = this.keysOf(doc)
    if (keys.length > 1) this.multikey = true
    for (const key of keys) {
      if (!this.deferred) this.entries.insert({ key, id })
      if (this.unique) this.uniqueMap.set(valueKey(key), id)
    }
  }

  /** Builds the sorted entries of every document at once (after recovery) and leaves the deferred mode. */
  buildSorted(docs: Map<string, Doc>): void {
    const all: IndexEntry[] = []
    for (const [id, doc] of docs) {
      const keys = this.keysOf(doc)
      if (keys.length > 1) this.multikey = true
      for (const key of keys) all.push({ key, id })
    }
    this.entries.loadSorted(all.sort((a, b) => this.compareEntries(a, b)))
    this.deferred = false
  }

  delete(doc: Doc, id: string): void {
    if (this.deferred && !this.unique) return
    for (const key of this.keysOf(doc)) {
      if (!this.deferred) this.entries.remove({ key, id })
      if (this.unique && this.uniqueMap.get(valueKey(key)) === id) this.uniqueMap.delete(valueKey(key))
    }
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
    const k = valueKey(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
