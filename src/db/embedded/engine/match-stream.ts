import type { Doc } from './bson-values.js'
import type { Operation } from './operation.js'

/** The query part a stream applies: which candidates match, and the window of matches it hands out. */
export interface StreamWindow {
  test: (doc: Doc) => boolean
  skip: number
  /** 0 means no limit. */
  limit: number
}

/**
 * Matches pulled from a plan's candidates a few at a time, pausing whenever the operation's slice is used up.
 * A cursor keeps one open between batches, so a result is only computed as far as the client reads it, and a
 * killed cursor stops the work. Stored documents are never mutated, so handing them out needs no copy.
 */
export class MatchStream {
  private readonly iterator: Iterator<Doc>
  private skipped = 0
  private produced = 0
  done = false

  constructor(
    candidates: Iterable<Doc>,
    private readonly window: StreamWindow,
  ) {
    this.iterator = candidates[Symbol.iterator]()
  }

  /** Up to `max` more matches; fewer (possibly none) only when the result is complete. */
  async pull(max: number, op: Operation): Promise<Doc[]> {
    const out: Doc[] = []
    const { test, skip, limit } = this.window
    while (out.length < max && !this.done) {
      if (op.tick()) await op.pause()
      const next = this.iterator.next()
      if (next.done === true) {
        this.done = true
        break
      }
      if (!test(next.value)) continue
      if (this.skipped < skip) {
        this.skipped++
        continue
      }
      out.push(next.value)
      if (limit > 0 && ++this.produced >= limit) this.done = true
    }
    return out
  }

  /** Every remaining match. */
  async all(op: Operation): Promise<Doc[]> {
    return this.pull(Number.POSITIVE_INFINITY, op)
  }
}
