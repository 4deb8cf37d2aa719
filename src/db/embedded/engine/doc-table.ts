import type { Doc } from './bson-values.js'

/**
 * A collection's documents by id key, each also known by an ordinal: a small integer the indexes hold instead of
 * the id string. Ordinals make an index entry one small integer in its key's posting list (4 bytes, compared as
 * numbers), which is what keeps a multikey search index with dozens of entries per document affordable, and lets
 * `$all` intersect posting lists without touching documents. A removed document's ordinal is reused.
 *
 * Iteration follows insertion order (a replaced document keeps its place), as a `Map` of the documents did.
 */
export class DocTable {
  private readonly ordinals = new Map<string, number>()
  private readonly slots: (Doc | undefined)[] = []
  private readonly free: number[] = []

  get size(): number {
    return this.ordinals.size
  }

  has(id: string): boolean {
    return this.ordinals.has(id)
  }

  get(id: string): Doc | undefined {
    const ord = this.ordinals.get(id)
    return ord === undefined ? undefined : this.slots[ord]
  }

  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(id)
  }

  /** The document holding `ord` now (undefined once it was removed). */
  at(ord: number): Doc | undefined {
    return this.slots[ord]
  }

  /** Stores a document under a new id and returns its ordinal. */
  add(id: string, doc: Doc): number {
    const ord = this.free.pop() ?? this.slots.length
    this.slots[ord] = doc
    this.ordinals.set(id, ord)
    return ord
  }

  /** Swaps in the new version of a stored document. */
  replace(ord: number, doc: Doc): void {
    this.slots[ord] = doc
  }

  /** Removes a document; returns its (now free) ordinal, or undefined when the id was not stored. */
  delete(id: string): number | undefined {
    const ord = this.ordinals.get(id)
    if (ord === undefined) return undefined
    this.ordinals.delete(id)
    this.slots[ord] = undefined
    this.free.push(ord)
    return ord
  }

  *values(): Generator<Doc> {
    for (const ord of this.ordinals.values()) {
      const doc = this.slots[ord]
      if (doc) yield doc
    }
  }

  /** `[ordinal, document]` pairs in insertion order. */
  *entries(): Generator<[number, Doc]> {
    for (const ord of this.ordinals.values()) {
      const doc = this.slots[ord]
      if (doc) yield [ord, doc]
    }
  }
}
