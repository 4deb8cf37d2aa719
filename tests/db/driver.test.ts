import { Long, MongoBulkWriteError } from 'mongodb'
import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeTestDb,
  commandsNamed,
  expectServerError,
  openTestDb,
  rejectionOf,
  repliesNamed,
} from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

interface Person {
  _id: number
  name: string
  age: number
  city?: string
  tags?: string[]
}

let t: TestDb
let seq = 0
/** A fresh collection per test, so tests never depend on each other's data. */
function coll<T extends Document = LooseDoc>(): Collection<T> {
  seq += 1
  return t.db.collection<T>(`c${seq}`)
}

beforeAll(async () => {
  t = await openTestDb('driver')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: CRUD', () => {
  it('when a document is inserted, updated, replaced and deleted, then each step is reported and stored', async () => {
    const people = coll<Person>()
    const inserted = await people.insertOne({ _id: 1, name: 'Ann', age: 30 })
    expect(inserted).toEqual({ acknowledged: true, insertedId: 1 })
    expect(await people.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'Ann', age: 30 })

    const updated = await people.updateOne({ _id: 1 }, { $set: { age: 31 } })
    expect(updated).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null })
    const noop = await people.updateOne({ _id: 1 }, { $set: { age: 31 } })
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 })
    const missed = await people.updateOne({ _id: 2 }, { $set: { age: 1 } })
    expect(missed).toMatchObject({ matchedCount: 0, modifiedCount: 0 })

    const replaced = await people.replaceOne({ _id: 1 }, { name: 'Anne', age: 32 })
    expect(replaced).toMatchObject({ matchedCount: 1, modifiedCount: 1 })
    expect(await people.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'Anne', age: 32 })

    expect(await people.deleteOne({ _id: 1 })).toEqual({ acknowledged: true, deletedCount: 1 })
    expect(await people.deleteOne({ _id: 1 })).toEqual({ acknowledged: true, deletedCount: 0 })
    expect(await people.findOne({ _id: 1 })).toBeNull()
  })

  it('when documents are inserted without _id, then the driver-generated ObjectIds are stored and findable', async () => {
    const items = coll()
    const result = await items.insertMany([{ n: 1 }, { n: 2 }])
    expect(result.insertedCount).toBe(2)
    const ids = Object.values(result.insertedIds)
    const stored = await items
      .find({ _id: { $in: ids } })
      .sort({ n: 1 })
      .toArray()
    expect(stored.map((d): unknown => d.n)).toEqual([1, 2])
    expect(stored[0]?._id).toEqual(ids[0])
  })

  it('when updateMany and deleteMany match several documents, then the counts say how many', async () => {
    const items = coll()
    await items.insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }])
    expect(await items.updateMany({ k: 'a' }, { $set: { seen: true } })).toMatchObject({
      matchedCount: 2,
      modifiedCount: 2,
    })
    expect(await items.countDocuments({ seen: true })).toBe(2)
    expect(await items.deleteMany({ k: 'a' })).toEqual({ acknowledged: true, deletedCount: 2 })
    expect(await items.find().toArray()).toMatchObject([{ k: 'b' }])
  })

  it('when an ordered insertMany hits a duplicate _id, then it stops there with a MongoBulkWriteError', async () => {
    const items = coll()
    const error = await rejectionOf(items.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }]))
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    if (!(error instanceof MongoBulkWriteError)) throw error
    expect(error.code).toBe(11000)
    expect(error.insertedCount).toBe(2)
    expect(error.writeErrors).toHaveLength(1)
    expect(error.writeErrors).toMatchObject([{ index: 2, code: 11000 }])
    expect((await items.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2])
  })

  it('when an unordered insertMany hits a duplicate _id, then every other document is still inserted', async () => {
    const items = coll()
    const error = await rejectionOf(
      items.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 3 }], { ordered: false }),
    )
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    if (!(error instanceof MongoBulkWriteError)) throw error
    expect(error.insertedCount).toBe(3)
    expect(error.writeErrors).toMatchObject([{ index: 1, code: 11000 }])
    expect((await items.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3])
  })
})

describe('driver: find', () => {
  async function seedPeople(): Promise<Collection<Person>> {
    const people = coll<Person>()
    await people.insertMany([
      { _id: 1, name: 'Ann', age: 30, city: 'Pune', tags: ['a', 'b'] },
      { _id: 2, name: 'Bob', age: 25, city: 'Delhi', tags: ['b'] },
      { _id: 3, name: 'Cid', age: 35, city: 'Pune' },
      { _id: 4, name: 'Dee', age: 28, city: 'Goa', tags: ['c', 'a'] },
      { _id: 5, name: 'Eve', age: 40 },
    ])
    return people
  }

  it('when find has a filter, sort, skip, limit and projection, then the server applies all of them', async () => {
    const people = await seedPeople()
    const found = await people
      .find({ age: { $gte: 26 } }, { projection: { name: 1, age: 1, _id: 0 } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .toArray()
    expect(found).toEqual([
      { name: 'Cid', age: 35 },
      { name: 'Ann', age: 30 },
    ])
  })

  it('when a projection excludes fields, then only those fields are missing', async () => {
    const people = await seedPeople()
    const found = await people.find({ _id: 2 }, { projection: { tags: 0, city: 0 } }).toArray()
    expect(found).toEqual([{ _id: 2, name: 'Bob', age: 25 }])
  })

  it('when the filter uses $or, $in, $exists, $regex and array equality, then the matches are the MongoDB ones', async () => {
    const people = await seedPeople()
    const ids = async (filter: Document): Promise<unknown[]> =>
      (await people.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id)
    expect(await ids({ $or: [{ city: 'Goa' }, { age: { $gt: 38 } }] })).toEqual([4, 5])
    expect(await ids({ city: { $in: ['Pune', 'Delhi'] } })).toEqual([1, 2, 3])
    expect(await ids({ city: { $exists: false } })).toEqual([5])
    expect(await ids({ city: null })).toEqual([5])
    expect(await ids({ name: { $regex: '^[ab]', $options: 'i' } })).toEqual([1, 2])
    expect(await ids({ name: /e$/ })).toEqual([4, 5])
    expect(await ids({ tags: 'a' })).toEqual([1, 4])
    expect(await ids({ tags: ['b'] })).toEqual([2])
    expect(await ids({ tags: { $size: 2 } })).toEqual([1, 4])
    expect(await ids({ $expr: { $gt: ['$age', 33] } })).toEqual([3, 5])
  })

  it('when a projection names nested paths, then only those sub-fields come back', async () => {
    const items = coll()
    await items.insertOne({
      _id: 1,
      profile: { tier: 2, secret: 'x', address: { city: 'Pune', pin: '411001' } },
      list: [1, 2, 3, 4],
    })
    expect(await items.findOne({ _id: 1 }, { projection: { 'profile.tier': 1, 'profile.address.city': 1 } })).toEqual({
      _id: 1,
      profile: { tier: 2, address: { city: 'Pune' } },
    })
    expect(await items.findOne({ _id: 1 }, { projection: { 'profile.secret': 0, list: 0 } })).toEqual({
      _id: 1,
      profile: { tier: 2, address: { city: 'Pune', pin: '411001' } },
    })
    expect(await items.findOne({ _id: 1 }, { projection: { list: { $slice: 2 }, _id: 0, profile: 0 } })).toEqual({
      list: [1, 2],
    })
  })

  it('when findOne is called, then it sends limit 1 with singleBatch and leaves no cursor open', async () => {
    const people = await seedPeople()
    const sentFrom = t.started.length
    const from = t.succeeded.length
    expect(await people.findOne({ city: 'Pune' }, { sort: { age: -1 } })).toMatchObject({ _id: 3 })
    expect(commandsNamed(t, 'find', sentFrom)).toMatchObject([{ limit: 1, singleBatch: true }])
    const [reply] = repliesNamed(t, 'find', from)
    // The reply's Long id is promoted to a number when it fits, so compare its decimal form.
    expect(String((reply?.cursor as Document).id)).toBe('0')
  })
})

describe('driver: cursors', () => {
  async function seedMany(n: number): Promise<Collection<LooseDoc>> {
    const items = coll()
    await items.insertMany(Array.from({ length: n }, (_, i) => ({ _id: i, v: i % 7 })))
    return items
  }

  it('when a cursor reads 250 documents in batches of 50, then getMore fetches the rest and each document comes once', async () => {
    const items = await seedMany(250)
    const from = t.started.length
    const docs = await items.find().sort({ _id: 1 }).batchSize(50).toArray()
    expect(docs.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i))
    const getMores = commandsNamed(t, 'getMore', from)
    expect(getMores.length).toBeGreaterThanOrEqual(4)
    expect(getMores.length).toBeLessThanOrEqual(5)
    expect(getMores[0]).toMatchObject({ collection: items.collectionName, batchSize: 50 })
  })

  it('when no batchSize is given, then the first batch holds 101 documents and getMore returns the rest', async () => {
    const items = await seedMany(250)
    const from = t.succeeded.length
    expect(await items.find().toArray()).toHaveLength(250)
    const [first] = repliesNamed(t, 'find', from)
    expect((first?.cursor as Document).firstBatch).toHaveLength(101)
    const more = repliesNamed(t, 'getMore', from).map((r) => (r.cursor as Document).nextBatch as unknown[])
    expect(more.reduce((sum, batch) => sum + batch.length, 0)).toBe(149)
  })

  it('when a cursor is closed early, then killCursors kills it on the server and a later getMore gets CursorNotFound', async () => {
    const items = await seedMany(30)
    const from = t.succeeded.length
    const cursor = items.find().batchSize(5)
    expect(await cursor.next()).not.toBeNull()
    const cursorId = cursor.id
    expect(cursorId).toBeInstanceOf(Long)
    if (!cursorId) throw new Error('cursor has no id')
    expect(cursorId.isZero()).toBe(false)
    await cursor.close()
    const [killed] = repliesNamed(t, 'killCursors', from)
    // Ids of real servers exceed 2^53 and stay Long in the reply; compare them as strings.
    expect((killed?.cursorsKilled as unknown[]).map(String)).toEqual([cursorId.toString()])
    await expectServerError(t.db.command({ getMore: cursorId, collection: items.collectionName }), 43, 'CursorNotFound')
  })

  it('when an aggregate is read in batches, then getMore continues it', async () => {
    const items = await seedMany(120)
    const from = t.started.length
    const docs = await items
      .aggregate([{ $match: { v: { $lt: 7 } } }, { $sort: { _id: -1 } }], { batchSize: 30 })
      .toArray()
    expect(docs).toHaveLength(120)
    expect(docs[0]).toEqual({ _id: 119, v: 119 % 7 })
    expect(commandsNamed(t, 'getMore', from).length).toBeGreaterThanOrEqual(3)
  })
})

describe('driver: distinct and counts', () => {
  it('when distinct runs on a field holding arrays, then the array elements are the distinct values', async () => {
    const items = coll()
    await items.insertMany([{ tags: ['x', 'y'], k: 1 }, { tags: 'z', k: 1 }, { tags: ['y'], k: 2 }, { k: 3 }])
    expect((await items.distinct('tags')).sort()).toEqual(['x', 'y', 'z'])
    expect((await items.distinct('tags', { k: 1 })).sort()).toEqual(['x', 'y', 'z'])
    expect((await items.distinct('k')).sort()).toEqual([1, 2, 3])
    const orders = coll()
    await orders.insertMany([
      { lines: [{ sku: 'a' }, { sku: 'b' }] },
      { lines: [{ sku: 'b' }, { sku: 'c' }] },
      { lines: [] },
    ])
    expect((await orders.distinct('lines.sku')).sort()).toEqual(['a', 'b', 'c'])
  })

  it('when counting, then estimatedDocumentCount and countDocuments agree with the stored data', async () => {
    const items = coll()
    await items.insertMany(Array.from({ length: 12 }, (_, i) => ({ i, even: i % 2 === 0 })))
    expect(await items.estimatedDocumentCount()).toBe(12)
    expect(await items.countDocuments()).toBe(12)
    expect(await items.countDocuments({ even: true })).toBe(6)
    expect(await items.countDocuments({ even: true }, { skip: 2, limit: 3 })).toBe(3)
    expect(await items.countDocuments({ i: { $gt: 100 } })).toBe(0)
    expect(await coll().estimatedDocumentCount()).toBe(0)
    expect(await t.db.command({ count: items.collectionName, query: { even: false } })).toMatchObject({ n: 6, ok: 1 })
  })

  it('when countDocuments runs, then it sends the $match/$skip/$limit/$group pipeline and reads n', async () => {
    const items = coll()
    await items.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }])
    const from = t.started.length
    expect(await items.countDocuments({ a: 1 }, { skip: 1, limit: 5 })).toBe(1)
    const [aggregate] = commandsNamed(t, 'aggregate', from)
    expect(aggregate?.pipeline).toEqual([
      { $match: { a: 1 } },
      { $skip: 1 },
      { $limit: 5 },
      { $group: { _id: 1, n: { $sum: 1 } } },
    ])
  })
})
