import { RawDoc } from '../storage/raw-doc.js'
import type { Doc } from './bson-values.js'
import { decodeStored } from './stored-doc.js'

/**
 * A collection's documents by id key, each also known by an ordinal: a small integer the indexes hold instead of
 * the id string. Ordinals make an index entry one small integer in its key's posting list (4 bytes, compared as
 * numbers), which is what keeps a multikey search index with dozens of entries per document affordable, and lets
 * `$all` intersect posting lists without touching documents. A removed document's ordinal is reused.
 *
 * A slot may hold a document recovery left as BSON bytes (RawDoc): it is decoded on first read and the decoded
 * document takes its place, so every reader gets the same object and nothing outside this table (and the dump, via
 * `stored`) ever sees a RawDoc. Once all the documents of a snapshot chunk are decoded, nothing holds the chunk.
 *
 * Iteration follows insertion order (a replaced document keeps its place), as a `Map` of the documents did.
 */
export class DocTable {
  private readonly ordinals = new Map<string, number>()
  private readonly slots: (Doc | RawDoc | undefined)[] = []
  private readonly free: number[] = []

  get size(): number {
    return this.ordinals.size
  }

  has(id: string): boolean {
    return this.ordinals.has(id)
  }

  get(id: string): Doc | undefined {
    const ord = this.ordinals.get(id)
    return ord === undefined ? undefined : this.at(ord)
  }

  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(id)
  }

  /** The document holding `ord` now (undefined once it was removed). */
  at(ord: number): Doc | undefined {
    const slot = this.slots[ord]
    return slot instanceof RawDoc ? this.decode(ord, slot) : slot
  }

  /** Stores a document (or its recovered bytes) under a new id and returns its ordinal. */
  add(id: string, doc: Doc | RawDoc): number {
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
      const doc = this.at(ord)
      if (doc) yield doc
    }
  }

  /** `[ordinal, document]` pairs in insertion order. */
  *entries(): Generator<[number, Doc]> {
    for (const ord of this.ordinals.values()) {
      const doc = this.at(ord)
      if (doc) yield [ord, doc]
    }
  }

  /**
   * The documents as stored, still-raw ones as their bytes, in insertion order: for a snapshot, which copies those
   * bytes as they are instead of decoding and encoding them again. Decodes nothing.
   */
  *stored(): Generator<Doc | RawDoc> {
    for (const ord of this.ordinals.values()) {
      const doc = this.slots[ord]
      if (doc) yield doc
    }
  }

  /** How many documents are still raw (for figures; walks the table). */
  rawCount(): number {
    let n = 0
    for (const slot of this.slots) if (slot instanceof RawDoc) n += 1
    return n
  }

  private decode(ord: number, raw: RawDoc): Doc {
    const doc = decodeStored(raw)
    this.slots[ord] = doc
    return doc
  }
}
