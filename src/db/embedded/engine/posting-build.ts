import type { Doc } from './bson-values.js'
import type { IndexStore } from './index-store.js'
import { tupleKey, type Posting } from './postings.js'

/**
 * Collects an index's postings over many documents at once (index builds, the end of recovery): keys are grouped
 * by hash, so the one sort that follows orders the distinct keys, not every entry. A search index with 50 grams per
 * document sorts a few thousand postings instead of millions of entries.
 */
export class PostingCollector {
  private readonly byKey = new Map<string, Posting>()
  private ordered = true

  constructor(private readonly index: IndexStore) {}

  add(doc: Doc, ord: number): void {
    const keys = this.index.keysOf(doc)
    if (keys.length > 1) this.index.multikey = true
    for (const key of keys) {
      const hash = tupleKey(key)
      const posting = this.byKey.get(hash)
      if (!posting) {
        this.byKey.set(hash, { key, ords: [ord] })
        continue
      }
      const last = posting.ords[posting.ords.length - 1] as number
      // Documents are visited in insertion order, which is ordinal order until a freed ordinal was reused.
      if (last > ord) this.ordered = false
      if (last !== ord) posting.ords.push(ord)
    }
  }

  /** The postings, each with its ordinals ascending; not yet sorted by key. */
  postings(): Posting[] {
    const all = [...this.byKey.values()]
    if (!this.ordered) for (const posting of all) posting.ords = [...new Set(posting.ords)].sort((a, b) => a - b)
    return all
  }
}
