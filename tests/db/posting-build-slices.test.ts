import { describe, expect, it } from 'vitest'
import { IndexStore } from '../../src/db/embedded/engine/index-store.js'
import { Operation } from '../../src/db/embedded/engine/operation.js'
import { PostingCollector } from '../../src/db/embedded/engine/posting-build.js'
import { toArray, type Posting } from '../../src/db/embedded/engine/postings.js'

/** Postings of a date index over `n` documents, most keys distinct, some shared; collected in a shuffled order. */
function collected(n: number): { collector: PostingCollector; postings: Posting[]; index: IndexStore } {
  const index = new IndexStore({ v: 2, key: { at: -1 }, name: 'at_-1' })
  const collector = new PostingCollector(index)
  for (let ord = 0; ord < n; ord++)
    collector.add({ _id: ord, at: new Date(Date.UTC(2024, 0, 1) + (ord % (n - 50)) * 1000) }, ord)
  const postings = collector.postings().sort(index.comparePostings)
  return { collector, postings, index }
}

const shape = (postings: Posting[]): [unknown, readonly number[]][] => postings.map((p) => [p.key[0], toArray(p)])

describe('index builds: merging the sorted postings in slices', () => {
  it('when a background build merges its postings in slices, then other callbacks run meanwhile and the result equals the one-step merge', async () => {
    const oneStep = collected(60_000)
    const expected = shape(oneStep.collector.finish(oneStep.postings))
    const sliced = collected(60_000)
    let interleaved = 0
    const other = setInterval(() => (interleaved += 1), 0)
    // A zero-length slice: the merge pauses every few postings, as it would on a busy server.
    const merged = await sliced.collector.finishInSlices(sliced.postings, new Operation(Number.POSITIVE_INFINITY, 0))
    clearInterval(other)
    expect(interleaved).toBeGreaterThan(0)
    expect(shape(merged)).toEqual(expected)
    // 50 dates are held by two documents each: merged into one posting, ordinals ascending.
    expect(merged).toHaveLength(60_000 - 50)
    expect(merged.filter((p) => toArray(p).length === 2)).toHaveLength(50)
  })
})
