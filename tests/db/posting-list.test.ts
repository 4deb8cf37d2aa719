import { describe, expect, it } from 'vitest'
import { compareValues } from '../../src/db/embedded/engine/bson-order.js'
import { IndexStore } from '../../src/db/embedded/engine/index-store.js'
import { OrdinalBlocks } from '../../src/db/embedded/engine/ordinal-blocks.js'
import { PostingList } from '../../src/db/embedded/engine/posting-list.js'
import { toArray, type Posting } from '../../src/db/embedded/engine/postings.js'
import { random } from './helpers/random.js'

const DIRECTIONS = [1, -1, 1] as const

/** The model: key tuples compared field by field with DIRECTIONS, a shorter probe on its prefix. */
function compare(a: readonly unknown[], b: readonly unknown[]): number {
  for (let f = 0; f < Math.min(a.length, b.length); f++) {
    const c = compareValues(a[f], b[f])
    if (c !== 0) return c * (DIRECTIONS[f] ?? 1)
  }
  return 0
}

/** Every key the list holds with its ordinals, in the list's order. */
const contents = (list: PostingList): [unknown[], readonly number[]][] => [...list].map((p) => [p.key, toArray(p)])

/** The model's keys and ordinals in index order. */
function expected(model: Map<string, { key: unknown[]; ords: Set<number> }>): [unknown[], number[]][] {
  return [...model.values()]
    .sort((a, b) => compare(a.key, b.key))
    .map((e) => [e.key, [...e.ords].sort((x, y) => x - y)])
}

/** A key of three fields: a string status, a date (descending), a number; few statuses, so prefixes repeat. */
function keyOf(next: () => number): unknown[] {
  return [
    `s${Math.floor(next() * 4)}`,
    new Date(Date.UTC(2024, 0, 1 + Math.floor(next() * 300))),
    Math.floor(next() * 3),
  ]
}

describe('posting lists: keys stored by column', () => {
  it('when keys are added and removed at random across block splits, then order, lookups and counts match a plain model', () => {
    const next = random(11)
    const list = new PostingList(DIRECTIONS)
    const model = new Map<string, { key: unknown[]; ords: Set<number> }>()
    const id = (key: readonly unknown[]): string => JSON.stringify(key)
    for (let step = 0; step < 12_000; step++) {
      const key = keyOf(next)
      const ord = Math.floor(next() * 3_000)
      const entry = model.get(id(key))
      if (next() < 0.7) {
        const added = list.add(key, ord)
        expect(added).toBe(!entry?.ords.has(ord))
        if (entry) entry.ords.add(ord)
        else model.set(id(key), { key, ords: new Set([ord]) })
      } else {
        const removed = list.remove(key, ord)
        expect(removed).toBe(entry?.ords.has(ord) === true)
        entry?.ords.delete(ord)
        if (entry?.ords.size === 0) model.delete(id(key))
      }
    }
    const want = expected(model)
    // Enough keys that the list split its blocks many times over.
    expect(want.length).toBeGreaterThan(2_000)
    expect(list.size).toBe(want.length)
    expect(contents(list)).toEqual(want)
    for (const [key, ords] of want.slice(0, 50)) expect(toArray(list.find(key) as Posting)).toEqual(ords)
    expect(list.find(['s9', new Date(0), 0])).toBeUndefined()

    for (let probe = 0; probe < 60; probe++) {
      const from = keyOf(next).slice(0, 1 + Math.floor(next() * 3))
      const to = keyOf(next).slice(0, 1 + Math.floor(next() * 3))
      const within = want.filter(([key]) => compare(key, from) >= 0 && compare(key, to) <= 0)
      expect(list.sumBetween(from, to, false)).toBe(within.length)
      expect(list.sumBetween(from, to, true)).toBe(within.reduce((sum, [, ords]) => sum + ords.length, 0))
      const ascending = [...list.ascendingFrom(from)].map((p) => p.key)
      expect(ascending).toEqual(want.filter(([key]) => compare(key, from) >= 0).map(([key]) => key))
      const descending = [...list.descendingFrom(to)].map((p) => p.key)
      expect(descending).toEqual(
        want
          .filter(([key]) => compare(key, to) <= 0)
          .map(([key]) => key)
          .reverse(),
      )
    }
  })

  it('when a sorted list is loaded in bulk and then written, then it reads as if every key had been added one by one', () => {
    const built = new PostingList([1])
    const loaded = new PostingList([1])
    const postings: Posting[] = Array.from({ length: 5_000 }, (_, i) => ({ key: [i * 2], ords: i }))
    for (const posting of postings) built.add(posting.key, posting.ords as number)
    loaded.loadSorted(postings)
    for (const list of [built, loaded]) {
      list.add([7], 9_001)
      list.add([0], 9_002)
      list.remove([4_000], 2_000)
      list.add([10_000], 9_003)
    }
    expect(contents(loaded)).toEqual(contents(built))
    expect(loaded.size).toBe(5_001)
    expect(toArray(loaded.find([0]) as Posting)).toEqual([0, 9_002])
  })
})

describe('posting lists: ordinals in blocks', () => {
  it('when ordinals are inserted and removed at random across splits, then reads from any point match a plain set', () => {
    const next = random(5)
    const blocks = new OrdinalBlocks()
    const model = new Set<number>()
    blocks.loadSorted(Array.from({ length: 3_000 }, (_, i) => i * 7))
    for (let i = 0; i < 3_000; i++) model.add(i * 7)
    for (let step = 0; step < 20_000; step++) {
      const ord = Math.floor(next() * 25_000)
      if (next() < 0.6) {
        expect(blocks.insert(ord)).toBe(!model.has(ord))
        model.add(ord)
      } else {
        expect(blocks.remove(ord)).toBe(model.has(ord))
        model.delete(ord)
      }
    }
    const sorted = [...model].sort((a, b) => a - b)
    expect(blocks.size).toBe(sorted.length)
    expect([...blocks]).toEqual(sorted)
    expect(blocks.toArray()).toEqual(sorted)
    for (let probe = 0; probe < 50; probe++) {
      const at = Math.floor(next() * 26_000) - 500
      expect([...blocks.ascending(at)]).toEqual(sorted.filter((x) => x > at))
      expect([...blocks.descending(at)]).toEqual(sorted.filter((x) => x < at).reverse())
      expect(blocks.has(at)).toBe(model.has(at))
    }
  })

  it('when every ordinal is removed, then the blocks are empty and take new ones again', () => {
    const blocks = new OrdinalBlocks()
    blocks.loadSorted([1, 2, 3])
    for (const ord of [2, 1, 3]) expect(blocks.remove(ord)).toBe(true)
    expect(blocks.size).toBe(0)
    expect([...blocks.descending()]).toEqual([])
    expect(blocks.insert(5)).toBe(true)
    expect(blocks.insert(4)).toBe(true)
    expect([...blocks]).toEqual([4, 5])
  })
})

describe('index keys of an array of strings', () => {
  it('when a document holds an array of strings, then each distinct string is one key, as for any other array', () => {
    const index = new IndexStore({ v: 2, key: { tags: 1 }, name: 'tags_1' })
    expect(index.keysOf({ tags: ['b', 'a', 'b'] })).toEqual([['b'], ['a']])
    expect(index.keysOf({ tags: ['a'] })).toEqual([['a']])
    // Mixed and empty arrays take the general path: numbers are keys too, an empty array indexes as null.
    expect(index.keysOf({ tags: ['a', 1, 'a'] })).toEqual([['a'], [1]])
    expect(index.keysOf({ tags: [] })).toEqual([[null]])
    const dotted = new IndexStore({ v: 2, key: { 'p.tags': 1 }, name: 'p.tags_1' })
    expect(dotted.keysOf({ p: { tags: ['x', 'x', 'y'] } })).toEqual([['x'], ['y']])
    const compound = new IndexStore({ v: 2, key: { tags: 1, n: 1 }, name: 'tags_1_n_1' })
    expect(compound.keysOf({ tags: ['a', 'a'], n: 2 })).toEqual([['a', 2]])
  })
})
