import { describe, expect, it } from 'vitest'
import { OrdinalBlocks } from '../../src/db/embedded/engine/ordinal-blocks.js'
import { intersect, settle, type Posting } from '../../src/db/embedded/engine/postings.js'
import { random } from './helpers/random.js'

/** A posting of `size` distinct ordinals below `range`, inline, as a list, or in blocks depending on its size. */
function postingOf(next: () => number, size: number, range: number): { posting: Posting; ords: Set<number> } {
  const ords = new Set<number>()
  while (ords.size < size) ords.add(Math.floor(next() * range))
  const sorted = [...ords].sort((a, b) => a - b)
  const posting: Posting = { key: ['k'], ords: sorted.length === 1 ? (sorted[0] as number) : sorted }
  settle(posting)
  return { posting, ords }
}

describe('posting lists: intersection', () => {
  it('when postings of every size and layout are intersected, then the result is exactly the common ordinals, ascending', () => {
    const next = random(42)
    for (let round = 0; round < 60; round++) {
      const range = 20_000 + Math.floor(next() * 200_000)
      const sizes = Array.from({ length: 2 + Math.floor(next() * 4) }, () => {
        const kind = Math.floor(next() * 4)
        // One ordinal, a short list, a long list, or thousands (kept in blocks).
        return kind === 0
          ? 1
          : kind === 1
            ? 1 + Math.floor(next() * 50)
            : kind === 2
              ? 4_000
              : 5_000 + Math.floor(next() * 60_000)
      })
      const made = sizes.map((size) => postingOf(next, size, Math.max(range, size * 3)))
      expect(made.some((m) => m.posting.ords instanceof OrdinalBlocks) || sizes.every((s) => s < 4_096)).toBe(true)
      const expected = [...(made[0] as { ords: Set<number> }).ords]
        .filter((ord) => made.every((m) => m.ords.has(ord)))
        .sort((a, b) => a - b)
      expect(intersect(made.map((m) => m.posting))).toEqual(expected)
    }
  })

  it('when a rare posting meets two that hold thousands in blocks, then only the ordinals in all three remain', () => {
    const everyThird = Array.from({ length: 30_000 }, (_, i) => i * 3)
    const everyFifth = Array.from({ length: 18_000 }, (_, i) => i * 5)
    const blocked: Posting[] = [
      { key: ['a'], ords: everyThird },
      { key: ['b'], ords: everyFifth },
    ]
    for (const posting of blocked) settle(posting)
    expect(blocked.every((p) => p.ords instanceof OrdinalBlocks)).toBe(true)
    const rare: Posting = { key: ['c'], ords: [0, 14, 15, 30, 31, 44_985, 45_000, 89_985, 89_999] }
    expect(intersect([...blocked, rare])).toEqual([0, 15, 30, 44_985, 45_000, 89_985])
  })
})
