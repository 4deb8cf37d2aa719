import type { Doc } from './bson-values.js'
import type { IndexStore } from './index-store.js'
import type { Operation } from './operation.js'
import { ordsFrom, settle, type Posting } from './postings.js'

/**
 * Collects an index's postings over many documents at once (index builds, the end of recovery), to be sorted once.
 * A single string value (a gram, a status, a name) is its own hash key, so entries sharing one are grouped as they
 * come: a search index with 50 grams per document sorts a few thousand postings instead of millions of entries.
 * Other keys (dates, ids, numbers, tuples) would need a key string built per entry to hash, which costs more than
 * the sort it saves on the mostly distinct values such indexes hold; they are grouped after the sort instead.
 */
export class PostingCollector {
  private readonly byString = new Map<string, Posting>()
  private readonly others: Posting[] = []
  private ordered = true

  constructor(private readonly index: IndexStore) {}

  add(doc: Doc, ord: number): void {
    const keys = this.index.keysOf(doc)
    if (keys.length > 1) this.index.multikey = true
    for (const key of keys) {
      const only = key.length === 1 ? key[0] : undefined
      if (typeof only !== 'string') {
        this.others.push({ key, ords: ord })
        continue
      }
      const posting = this.byString.get(only)
      if (posting) this.append(posting, ord)
      else this.byString.set(only, { key, ords: ord })
    }
  }

  /** Every posting collected, in no order; keys other than single strings may repeat until `finish`. */
  postings(): Posting[] {
    return [...this.byString.values(), ...this.others]
  }

  /** Merges the neighbours with equal keys of the sorted postings, leaving every ordinal list ascending. */
  finish(sorted: Posting[]): Posting[] {
    const out: Posting[] = []
    for (const posting of sorted) this.mergeInto(out, posting)
    for (const posting of out) this.order(posting)
    return out
  }

  /**
   * `finish` for a background build, pausing whenever `op`'s slice is used up: over a million postings (a date or
   * id index at 1M documents) the merge compares as many key pairs, which held the database thread for most of a
   * second per index after a restart.
   */
  async finishInSlices(sorted: Posting[], op: Operation): Promise<Posting[]> {
    const out: Posting[] = []
    for (const posting of sorted) {
      if (op.due()) await op.pause()
      this.mergeInto(out, posting)
    }
    for (const posting of out) {
      if (op.due()) await op.pause()
      this.order(posting)
    }
    return out
  }

  /** Appends `posting` to the sorted `out`, or its ordinals to the last posting there when their keys are equal. */
  private mergeInto(out: Posting[], posting: Posting): void {
    const last = out[out.length - 1]
    if (last && this.index.compareKeys(last.key, posting.key) === 0) {
      for (const ord of ordsFrom(posting, 1)) this.append(last, ord)
    } else out.push(posting)
  }

  /** Leaves a merged posting's ordinals ascending and without repeats, in blocks when they are many. */
  private order(posting: Posting): void {
    if (!this.ordered && Array.isArray(posting.ords)) posting.ords = [...new Set(posting.ords)].sort((a, b) => a - b)
    settle(posting)
  }

  /** Adds an ordinal at the end (the collector keeps plain lists; `finish` orders, dedupes and blocks them). */
  private append(posting: Posting, ord: number): void {
    const ords = posting.ords
    const last = typeof ords === 'number' ? ords : Array.isArray(ords) ? ords[ords.length - 1] : undefined
    if (last === undefined || last === ord) return
    // Documents are visited in insertion order, which is ordinal order until a freed ordinal was reused; the sort
    // keeps equal keys in that order (it is stable).
    if (last > ord) this.ordered = false
    if (typeof ords === 'number') posting.ords = [ords, ord]
    else if (Array.isArray(ords)) ords.push(ord)
  }
}
