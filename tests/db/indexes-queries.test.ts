import { ObjectId } from 'mongodb'
import type { Collection, Document, IndexSpecification } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let plain: Collection<LooseDoc>
let indexed: Collection<LooseDoc>
const ref = new ObjectId()

/** Documents that exercise missing/null values, mixed types, arrays and nested paths. */
function sample(): LooseDoc[] {
  return [
    { _id: 1, email: 'a@x', n: 1, tags: ['red', 'blue'], at: new Date('2024-01-01'), owner: ref, p: { city: 'Pune' } },
    {
      _id: 2,
      email: 'b@x',
      n: 5,
      tags: ['blue'],
      at: new Date('2024-02-01'),
      owner: new ObjectId(),
      p: { city: 'Goa' },
    },
    { _id: 3, email: 'c@x', n: 10, tags: [], at: new Date('2024-03-01'), p: { city: 'Pune' } },
    { _id: 4, n: '7', tags: 'green', p: {} },
    { _id: 5, email: null, n: null, at: null },
    { _id: 6, n: 2.5, tags: [['red']], owner: ref, lines: [{ sku: 'a' }, { sku: 'b' }] },
    { _id: 7, email: 'A@X', n: -3, at: new Date('2023-12-31'), lines: [{ sku: 'b' }] },
  ]
}

const indexes: IndexSpecification[] = [
  { email: 1 },
  { n: 1 },
  { tags: 1 },
  { at: -1 },
  { owner: 1 },
  { 'p.city': 1 },
  { 'lines.sku': 1 },
]

beforeAll(async () => {
  t = await openTestDb('index_queries')
  plain = t.db.collection<LooseDoc>('plain')
  indexed = t.db.collection<LooseDoc>('indexed')
  await plain.insertMany(sample())
  await indexed.insertMany(sample())
  for (const key of indexes) await indexed.createIndex(key, undefined, undefined)
  await indexed.createIndex({ email: 1, n: -1 }, undefined, undefined)
  await indexed.createIndex({ 'p.city': 1, tags: 1 }, undefined, undefined)
})
afterAll(async () => {
  await closeTestDb(t)
})

/** Runs a query on the indexed and the unindexed copy and returns both id lists. */
async function both(filter: Document, sort: Document = { _id: 1 }, limit = 0): Promise<[unknown[], unknown[]]> {
  const run = async (c: Collection<LooseDoc>): Promise<unknown[]> =>
    (await c.find(filter).sort(sort).limit(limit).toArray()).map((d) => d._id)
  return [await run(indexed), await run(plain)]
}

describe('indexes: queries answer the same with and without an index', () => {
  const cases: [string, Document, unknown[]][] = [
    ['equality on a string', { email: 'b@x' }, [2]],
    ['equality is case-sensitive', { email: 'a@x' }, [1]],
    ['null matches null and missing', { email: null }, [4, 5, 6]],
    ['$exists false', { email: { $exists: false } }, [4, 6]],
    ['$ne null', { email: { $ne: null } }, [1, 2, 3, 7]],
    ['$in with null', { email: { $in: ['c@x', null] } }, [3, 4, 5, 6]],
    ['numeric range excludes strings', { n: { $gt: 1, $lte: 10 } }, [2, 3, 6]],
    ['string range excludes numbers', { n: { $gte: '0' } }, [4]],
    ['$lt on numbers includes negatives', { n: { $lt: 2 } }, [1, 7]],
    ['multikey equality', { tags: 'blue' }, [1, 2]],
    ['multikey $in', { tags: { $in: ['red', 'green'] } }, [1, 4]],
    ['whole-array equality', { tags: ['red'] }, [6]],
    ['empty-array equality', { tags: [] }, [3]],
    ['date range', { at: { $gte: new Date('2024-01-01'), $lt: new Date('2024-03-01') } }, [1, 2]],
    ['ObjectId equality', { owner: new ObjectId(ref.toHexString()) }, [1, 6]],
    ['nested path', { 'p.city': 'Pune' }, [1, 3]],
    ['nested path missing', { 'p.city': null }, [4, 5, 6, 7]],
    ['path into array of subdocuments', { 'lines.sku': 'b' }, [6, 7]],
    ['regex on an indexed field', { email: /^[ab]@/i }, [1, 2, 7]],
    ['$or across two indexed fields', { $or: [{ email: 'c@x' }, { n: -3 }] }, [3, 7]],
    ['$nin on an indexed field', { n: { $nin: [1, 5, null] } }, [3, 4, 6, 7]],
    ['$not with a range', { n: { $not: { $gt: 2 } } }, [1, 4, 5, 7]],
    ['$regex with $options', { email: { $regex: '^A@', $options: 'i' } }, [1, 7]],
    ['a regex over a field that is an array or a string', { tags: /^(gr|bl)/ }, [1, 2, 4]],
    ['$in holding a regex', { tags: { $in: [/^bl/, 'green'] } }, [1, 2, 4]],
    ['$ne excludes arrays holding the value', { tags: { $ne: 'blue' } }, [3, 4, 5, 6, 7]],
    ['$nor of two clauses', { $nor: [{ email: null }, { n: { $gt: 4 } }] }, [1, 7]],
    ['$exists on a nested path', { 'p.city': { $exists: true } }, [1, 2, 3]],
    ['a number equal across widths', { n: { $in: [10, 2.5] } }, [3, 6]],
    // One point range per value after the equality prefix of a compound index.
    ['$in after an equality prefix', { email: 'b@x', n: { $in: [5, 10, null] } }, [2]],
    ['$in with null after an equality prefix', { email: null, n: { $in: [null, 2.5, '7'] } }, [4, 5, 6]],
    ['empty $in after an equality prefix', { email: 'a@x', n: { $in: [] } }, []],
    [
      '$in on a multikey field after a prefix, each document once',
      { 'p.city': 'Pune', tags: { $in: ['blue', 'red'] } },
      [1],
    ],
    ['$in with null on a multikey field after a prefix', { 'p.city': null, tags: { $in: ['green', null] } }, [4, 5, 7]],
    [
      '$in after a prefix with more conditions',
      { 'p.city': 'Pune', tags: { $in: ['blue', 'green'] }, n: { $gte: 1 } },
      [1],
    ],
  ]

  for (const [label, filter, expected] of cases) {
    it(`when querying with ${label}, then both copies return ${JSON.stringify(expected)}`, async () => {
      const [withIndex, without] = await both(filter)
      expect(without).toEqual(expected)
      expect(withIndex).toEqual(expected)
    })
  }

  it('when sorting on an indexed field with a limit, then the order and cut match the unindexed copy', async () => {
    // BSON order: null < numbers (-3, 1, 2.5, 5, 10) < strings ('7').
    const [withIndex, without] = await both({}, { n: 1, _id: 1 }, 4)
    expect(without).toEqual([5, 7, 1, 6])
    expect(withIndex).toEqual(without)
    const [descIndexed, descPlain] = await both({ n: { $type: 'number' } }, { n: -1 }, 2)
    expect(descPlain).toEqual([3, 2])
    expect(descIndexed).toEqual(descPlain)
  })

  it('when sorting descending on a date index, then nulls and missing values come last', async () => {
    const [withIndex, without] = await both({}, { at: -1, _id: 1 })
    expect(without).toEqual([3, 2, 1, 7, 4, 5, 6])
    expect(withIndex).toEqual(without)
  })

  it('when counting and deleting through an index, then the results match', async () => {
    expect(await indexed.countDocuments({ tags: 'red' })).toBe(await plain.countDocuments({ tags: 'red' }))
    const a = await indexed.deleteMany({ 'p.city': 'Pune' })
    const b = await plain.deleteMany({ 'p.city': 'Pune' })
    expect(a.deletedCount).toBe(2)
    expect(b.deletedCount).toBe(2)
    expect(await indexed.countDocuments({ 'p.city': 'Pune' })).toBe(0)
    await indexed.updateOne({ _id: 2 }, { $set: { 'p.city': 'Pune' } })
    expect((await indexed.find({ 'p.city': 'Pune' }).toArray()).map((d) => d._id)).toEqual([2])
  })
})
