import { Long, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { DocTable } from '../../src/db/embedded/engine/doc-table.js'
import { InsertionOrder } from '../../src/db/embedded/engine/insertion-order.js'
import { ObjectIdMap } from '../../src/db/embedded/engine/object-id-map.js'

/** A deterministic generator, so a failing history can be replayed. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 2 ** 32
  }
}

describe('ObjectIdMap', () => {
  it('agrees with a Map over random inserts and deletes, through growing and shrinking', () => {
    const next = random(7)
    // Few distinct ids, most sharing their first words as one process's ObjectIds do: long probe runs, many
    // backward shifts, and wrap-around at the table's end.
    const pool = Array.from({ length: 3000 }, () => new ObjectId())
    const map = new ObjectIdMap()
    const expected = new Map<string, number>()
    for (let step = 0; step < 60_000; step += 1) {
      const id = pool[Math.floor(next() * pool.length)] as ObjectId
      const hex = id.toHexString()
      // Phases: fill, drain to nearly empty (the table shrinks), fill again.
      const inserting = step % 20_000 < 12_000 ? next() < 0.8 : next() < 0.05
      if (inserting) {
        expect(map.insert(id, step)).toBe(!expected.has(hex))
        if (!expected.has(hex)) expected.set(hex, step)
      } else {
        expect(map.delete(id)).toBe(expected.get(hex))
        expected.delete(hex)
      }
      expect(map.size).toBe(expected.size)
      if (step % 997 === 0) for (const other of pool) expect(map.get(other)).toBe(expected.get(other.toHexString()))
    }
  })

  it('finds an ObjectId by its bytes when its words are not kept as fields', () => {
    const real = new ObjectId()
    const bytesOnly = Object.create(ObjectId.prototype) as ObjectId
    Object.defineProperty(bytesOnly, 'id', { value: Buffer.from(real.id) })
    const map = new ObjectIdMap()
    expect(map.insert(real, 5)).toBe(true)
    expect(map.get(bytesOnly)).toBe(5)
    expect(map.insert(bytesOnly, 6)).toBe(false)
  })
})

describe('DocTable', () => {
  it('keys ObjectId and other ids by MongoDB equality, and refuses a second document under one id', () => {
    const table = new DocTable()
    const oid = new ObjectId()
    expect(table.add(oid, { _id: oid, n: 1 })).toBe(0)
    expect(table.add(new ObjectId(oid.toHexString()), { n: 2 })).toBeUndefined()
    expect(table.add(1, { _id: 1 })).toBe(1)
    // 1, 1.0 and Long(1) are one _id to MongoDB.
    expect(table.add(Long.fromNumber(1), { _id: 1 })).toBeUndefined()
    expect(table.add('1', { _id: '1' })).toBe(2)
    expect(table.get(new ObjectId(oid.toHexString()))).toEqual({ _id: oid, n: 1 })
    expect(table.get(1.0)).toEqual({ _id: 1 })
    expect(table.size).toBe(3)
    // A refused add leaves the free ordinals as they were.
    expect(table.delete(1)).toBe(1)
    expect(table.add(oid, { n: 3 })).toBeUndefined()
    expect(table.add(2, { _id: 2 })).toBe(1)
  })

  it('iterates in insertion order; a replaced document keeps its place, a re-added one goes last', () => {
    const table = new DocTable()
    const ids = Array.from({ length: 5 }, () => new ObjectId())
    ids.forEach((id, n) => table.add(id, { _id: id, n }))
    table.replace(table.ordinalOf(ids[1]) as number, { _id: ids[1], n: 10 })
    table.delete(ids[2])
    table.add('text', { _id: 'text', n: 20 })
    table.add(ids[2], { _id: ids[2], n: 30 })
    expect([...table.values()].map((d) => d.n)).toEqual([0, 10, 3, 4, 20, 30])
    // Ordinals are reused: the first delete freed 2, which went to 'text'.
    expect(table.ordinalOf('text')).toBe(2)
  })

  it('an iteration paused across writes skips removed documents and visits added ones, as a Map did', () => {
    const table = new DocTable()
    const ids = Array.from({ length: 6 }, () => new ObjectId())
    ids.slice(0, 4).forEach((id, n) => table.add(id, { _id: id, n }))
    const seen: unknown[] = []
    const walk = table.entries()
    seen.push(walk.next().value?.[1].n)
    // The paused walk is at document 0: remove 0 and 2, add 4 (it takes 0's ordinal) and 5.
    table.delete(ids[0])
    table.delete(ids[2])
    table.add(ids[4], { _id: ids[4], n: 4 })
    table.add(ids[5], { _id: ids[5], n: 5 })
    for (const [, doc] of walk) seen.push(doc.n)
    expect(seen).toEqual([0, 1, 3, 4, 5])
  })

  it('values() (one result object, updated in place) walks as entries() does across writes, then stays done', () => {
    const table = new DocTable()
    const ids = Array.from({ length: 6 }, () => new ObjectId())
    ids.slice(0, 4).forEach((id, n) => table.add(id, { _id: id, n }))
    const docs = table.values()
    const pairs = table.entries()
    const seen: unknown[][] = [[docs.next().value?.n, pairs.next().value?.[1].n]]
    table.delete(ids[0])
    table.delete(ids[2])
    table.add(ids[4], { _id: ids[4], n: 4 })
    table.replace(table.ordinalOf(ids[1]) as number, { _id: ids[1], n: 11 })
    for (;;) {
      const doc = docs.next()
      const pair = pairs.next()
      if (doc.done === true || pair.done === true) {
        expect([doc.done, pair.done]).toEqual([true, true])
        break
      }
      seen.push([doc.value.n, pair.value[1].n])
    }
    expect(seen).toEqual([[0, 0], [11, 11], [3, 3], [4, 4]])
    table.add(ids[5], { _id: ids[5], n: 5 })
    expect(docs.next().done).toBe(true)
    expect([...table.values()].map((d) => d.n)).toEqual([11, 3, 4, 5])
  })
})

describe('InsertionOrder', () => {
  it('iterates as a Set does, with iterations paused across adds, deletes and compactions', () => {
    const next = random(11)
    const order = new InsertionOrder()
    const reference = new Set<number>()
    let walks: { mine: Iterator<number>; theirs: Iterator<number> }[] = []
    const mismatches: string[] = []
    let steps = 0
    // About 1,500 live ordinals and as many deletes: the log is compacted every couple of thousand steps.
    for (let step = 0; step < 40_000; step += 1) {
      const ord = Math.floor(next() * 3000)
      const roll = next()
      if (roll < 0.45 && !reference.has(ord)) {
        order.add(ord)
        reference.add(ord)
      } else if (roll < 0.9 && reference.has(ord)) {
        order.delete(ord)
        reference.delete(ord)
      } else if (roll < 0.92 && walks.length < 8) {
        walks.push({ mine: order[Symbol.iterator](), theirs: reference[Symbol.iterator]() })
      }
      // Each paused walk takes a step now and then; every step must yield what the Set's iterator yields.
      walks = walks.filter((walk) => {
        if (next() < 0.9) return true
        const mine = walk.mine.next()
        const theirs = walk.theirs.next()
        steps += 1
        if (mine.done !== theirs.done || mine.value !== theirs.value)
          mismatches.push(`step ${step}: ${String(mine.value)} != ${String(theirs.value)}`)
        return !mine.done
      })
      if (order.size !== reference.size) mismatches.push(`step ${step}: size ${order.size} != ${reference.size}`)
    }
    expect(mismatches.slice(0, 5)).toEqual([])
    expect(steps).toBeGreaterThan(10_000)
    expect([...order]).toEqual([...reference])
  })
})
