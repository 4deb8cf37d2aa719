import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

// `$all` on a multikey index (what a search index's grams ask) answers exactly what a collection scan answers, on
// the embedded server and on a real MongoDB, and the planner reads it from the index.

let t: TestDb
let plain: Collection<LooseDoc>
let indexed: Collection<LooseDoc>

function sample(): LooseDoc[] {
  const docs: LooseDoc[] = [
    { _id: 1, g: ['abc', 'bcd', 'cde'], n: 1 },
    { _id: 2, g: ['abc', 'xyz'], n: 2 },
    { _id: 3, g: 'abc', n: 3 },
    { _id: 4, g: [], n: 4 },
    { _id: 5, n: 5 },
    { _id: 6, g: null, n: 6 },
    { _id: 7, g: [['abc']], n: 7 },
    { _id: 8, g: [1, 2.5, 'abc'], n: 8 },
    { _id: 9, g: ['ABC', 'bcd'], n: 9 },
    { _id: 10, g: [true, 'bcd', 'cde'], n: 10 },
  ]
  // Common values, so the rarest value is worth reading through the index.
  for (let i = 11; i <= 40; i++) docs.push({ _id: i, g: ['zzz', `v${i}`], n: i })
  return docs
}

beforeAll(async () => {
  t = await openTestDb('index_all')
  plain = t.db.collection<LooseDoc>('plain')
  indexed = t.db.collection<LooseDoc>('indexed')
  await plain.insertMany(sample())
  await indexed.insertMany(sample())
  await indexed.createIndex({ g: 1 }, undefined, undefined)
})
afterAll(async () => {
  await closeTestDb(t)
})

async function ids(c: Collection<LooseDoc>, filter: Document): Promise<unknown[]> {
  return (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id)
}

function indexNames(explained: Document): string[] {
  return [...JSON.stringify(explained).matchAll(/"indexName":"([^"]+)"/g)].map((match) => match[1] as string)
}

describe('$all on a multikey index', () => {
  const cases: [string, Document, unknown[]][] = [
    ['two strings of an array', { g: { $all: ['abc', 'bcd'] } }, [1]],
    ['one string: arrays holding it and the equal scalar', { g: { $all: ['abc'] } }, [1, 2, 3, 8]],
    ['three strings, one rare', { g: { $all: ['bcd', 'cde', 'abc'] } }, [1]],
    ['case matters', { g: { $all: ['ABC'] } }, [9]],
    ['a value nobody holds', { g: { $all: ['abc', 'nope'] } }, []],
    ['numbers across widths', { g: { $all: [2.5, 1] } }, [8]],
    ['a boolean beside strings', { g: { $all: [true, 'cde'] } }, [10]],
    ['a common value and a rare one', { g: { $all: ['zzz', 'v17'] } }, [17]],
    ['a common value alone', { g: { $all: ['zzz'] } }, Array.from({ length: 30 }, (_, i) => i + 11)],
    ['an empty list matches nothing', { g: { $all: [] } }, []],
    ['with another condition', { g: { $all: ['abc'] }, n: { $gt: 2 } }, [3, 8]],
    ['inside $and', { $and: [{ g: { $all: ['bcd'] } }, { g: { $all: ['cde'] } }] }, [1, 10]],
  ]
  for (const [label, filter, expected] of cases) {
    it(`when querying ${label}, then both copies return ${JSON.stringify(expected)}`, async () => {
      expect(await ids(plain, filter)).toEqual(expected)
      expect(await ids(indexed, filter)).toEqual(expected)
      expect(await indexed.countDocuments(filter)).toBe(expected.length)
    })
  }

  it('when one value is rare, then the plan reads the multikey index', async () => {
    const explained = await indexed.find({ g: { $all: ['zzz', 'v17'] } }).explain('queryPlanner')
    expect(indexNames(explained)).toContain('g_1')
    const unindexed = await plain.find({ g: { $all: ['zzz', 'v17'] } }).explain('queryPlanner')
    expect(indexNames(unindexed)).toEqual([])
  })

  it('when documents change, then $all through the index follows them', async () => {
    await indexed.updateOne({ _id: 2 }, { $set: { g: ['bcd', 'cde', 'abc'] } })
    await plain.updateOne({ _id: 2 }, { $set: { g: ['bcd', 'cde', 'abc'] } })
    await indexed.deleteOne({ _id: 1 })
    await plain.deleteOne({ _id: 1 })
    const filter = { g: { $all: ['abc', 'cde'] } }
    expect(await ids(indexed, filter)).toEqual([2])
    expect(await ids(plain, filter)).toEqual([2])
  })
})
