import { ObjectId } from 'mongodb'
import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, expectServerError, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let seq = 0
function coll<T extends Document = LooseDoc>(): Collection<T> {
  seq += 1
  return t.db.collection<T>(`u${seq}`)
}

beforeAll(async () => {
  t = await openTestDb('driver_updates')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: upserts', () => {
  it('when findOneAndUpdate upserts with $setOnInsert and returnDocument after, then the new document is returned', async () => {
    const counters = coll()
    const created = await counters.findOneAndUpdate(
      { key: 'visits' },
      { $inc: { n: 1 }, $setOnInsert: { createdBy: 'first' } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(created).toMatchObject({ key: 'visits', n: 1, createdBy: 'first' })
    expect(created?._id).toBeInstanceOf(ObjectId)

    const again = await counters.findOneAndUpdate(
      { key: 'visits' },
      { $inc: { n: 1 }, $setOnInsert: { createdBy: 'second' } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(again).toMatchObject({ key: 'visits', n: 2, createdBy: 'first' })
    expect(again?._id).toEqual(created?._id)
    expect(await counters.countDocuments()).toBe(1)
  })

  it('when findOneAndUpdate returns the document before the update, then it is the old version', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, v: 'old' })
    expect(await items.findOneAndUpdate({ _id: 1 }, { $set: { v: 'new' } })).toEqual({ _id: 1, v: 'old' })
    expect(await items.findOneAndUpdate({ _id: 2 }, { $set: { v: 'x' } })).toBeNull()
    expect(await items.findOneAndDelete({ _id: 1 })).toEqual({ _id: 1, v: 'new' })
    expect(await items.countDocuments()).toBe(0)
  })

  it('when an upsert query has equality fields, then the inserted document is seeded from them', async () => {
    const items = coll()
    const result = await items.updateOne({ a: 1, b: { $eq: 2 }, n: { $gt: 5 } }, { $set: { c: 3 } }, { upsert: true })
    expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 })
    const stored = await items.findOne({ _id: result.upsertedId ?? undefined }, { projection: { _id: 0 } })
    expect(stored).toEqual({ a: 1, b: 2, c: 3 })

    await items.updateOne({ $and: [{ x: 'k' }, { 'y.z': 4 }] }, { $inc: { count: 1 } }, { upsert: true })
    expect(await items.findOne({ x: 'k' }, { projection: { _id: 0 } })).toEqual({ x: 'k', y: { z: 4 }, count: 1 })
  })

  it('when a replacement upserts, then only the query _id is kept and the other query fields are not copied', async () => {
    const items = coll()
    const result = await items.replaceOne({ _id: 5, status: 'draft' }, { title: 'T' }, { upsert: true })
    expect(result).toMatchObject({ upsertedCount: 1, upsertedId: 5 })
    expect(await items.find().toArray()).toEqual([{ _id: 5, title: 'T' }])
    expect(await items.findOneAndReplace({ _id: 5 }, { title: 'U' }, { returnDocument: 'after' })).toEqual({
      _id: 5,
      title: 'U',
    })
  })

  it('when an upsert $set carries the same _id as the query (connect-mongo style), then it inserts with that _id', async () => {
    const sessions = coll()
    await sessions.updateOne({ _id: 'sid-1' }, { $set: { _id: 'sid-1', data: 'a' } }, { upsert: true })
    await sessions.updateOne({ _id: 'sid-1' }, { $set: { _id: 'sid-1', data: 'b' } }, { upsert: true })
    expect(await sessions.find().toArray()).toEqual([{ _id: 'sid-1', data: 'b' }])
  })
})

describe('driver: the _id field', () => {
  it('when $set contains the unchanged _id, then the update is accepted', async () => {
    const items = coll()
    await items.insertOne({ _id: 7, v: 1 })
    expect(await items.updateOne({ _id: 7 }, { $set: { _id: 7, v: 2 } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 1,
    })
    expect(await items.findOne({ _id: 7 })).toEqual({ _id: 7, v: 2 })
  })

  it('when $set changes _id, then the server refuses with 66 ImmutableField and the document is unchanged', async () => {
    const items = coll()
    await items.insertOne({ _id: 7, v: 1 })
    const error = await expectServerError(items.updateOne({ _id: 7 }, { $set: { _id: 8, v: 2 } }), 66, 'ImmutableField')
    expect(error.message).toMatch(/_id/)
    expect(await items.find().toArray()).toEqual([{ _id: 7, v: 1 }])
  })

  it('when a replacement has no _id, then the document keeps its _id', async () => {
    const items = coll()
    const id = new ObjectId()
    await items.insertOne({ _id: id, a: 1, b: 2 })
    await items.replaceOne({ _id: id }, { c: 3 })
    expect(await items.find().toArray()).toEqual([{ _id: id, c: 3 }])
  })

  it('when a replacement carries a different _id, then the server refuses with 66 ImmutableField', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, a: 1 })
    await expectServerError(items.replaceOne({ _id: 1 }, { _id: 2, a: 2 }), 66, 'ImmutableField')
    expect(await items.find().toArray()).toEqual([{ _id: 1, a: 1 }])
  })
})

describe('driver: update operators', () => {
  it('when an update is a pipeline, then its expressions read the current document', async () => {
    const items = coll()
    await items.insertMany([
      { _id: 1, x: 1 },
      { _id: 2, x: 10 },
    ])
    await items.updateOne({ _id: 1 }, [{ $set: { x: { $add: ['$x', 1] } } }])
    await items.updateMany({}, [{ $set: { double: { $multiply: ['$x', 2] } } }, { $unset: 'nothing' }])
    expect(await items.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, x: 2, double: 4 },
      { _id: 2, x: 10, double: 20 },
    ])
  })

  it('when arrayFilters name $[e], then only the matching array elements change', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, grades: [{ score: 90 }, { score: 70 }, { score: 85 }] })
    await items.updateOne(
      { _id: 1 },
      { $set: { 'grades.$[e].ok': true } },
      { arrayFilters: [{ 'e.score': { $gte: 80 } }] },
    )
    expect(await items.findOne({ _id: 1 })).toEqual({
      _id: 1,
      grades: [{ score: 90, ok: true }, { score: 70 }, { score: 85, ok: true }],
    })
  })

  it('when the positional $ is used, then the first element matched by the query changes', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, tags: ['a', 'b', 'c', 'b'] })
    await items.updateOne({ _id: 1, tags: 'b' }, { $set: { 'tags.$': 'B' } })
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ['a', 'B', 'c', 'b'] })
    await items.updateOne({ _id: 1 }, { $set: { 'tags.$[]': 'z' } })
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ['z', 'z', 'z', 'z'] })
  })

  it('when $push uses $each, $sort and $slice, then the array is merged, sorted and trimmed', async () => {
    const items = coll<{ _id: number; scores: number[] }>()
    await items.insertOne({ _id: 1, scores: [3, 7] })
    await items.updateOne({ _id: 1 }, { $push: { scores: { $each: [5, 1, 9], $sort: 1, $slice: -3 } } })
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, scores: [5, 7, 9] })
    await items.updateOne({ _id: 1 }, { $push: { scores: 4 } })
    await items.updateOne({ _id: 1 }, { $addToSet: { scores: { $each: [4, 10] } } })
    await items.updateOne({ _id: 1 }, { $pull: { scores: { $lt: 6 } } })
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, scores: [7, 9, 10] })
  })

  it('when $currentDate is used, then the field becomes the server time as a Date', async () => {
    const items = coll<{ _id: number; updatedAt?: Date; meta?: { touched?: Date } }>()
    await items.insertOne({ _id: 1 })
    const before = Date.now()
    await items.updateOne({ _id: 1 }, { $currentDate: { updatedAt: true, 'meta.touched': { $type: 'date' } } })
    const stored = await items.findOne({ _id: 1 })
    expect(stored?.updatedAt).toBeInstanceOf(Date)
    expect(stored?.meta?.touched).toBeInstanceOf(Date)
    const at = stored?.updatedAt?.getTime() ?? 0
    expect(at).toBeGreaterThanOrEqual(before - 5_000)
    expect(at).toBeLessThanOrEqual(Date.now() + 5_000)
  })

  it('when $unset, $inc, $min, $max, $mul and $rename are applied, then the stored document reflects each', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, a: 1, b: 2, n: 5, lo: 10, hi: 10, m: 3, old: 'v', nested: { k: 1, drop: true } })
    await items.updateOne(
      { _id: 1 },
      {
        $unset: { a: '', 'nested.drop': 1 },
        $inc: { n: 2, fresh: 3, 'nested.k': -1 },
        $min: { lo: 4 },
        $max: { hi: 20 },
        $mul: { m: 2 },
        $rename: { old: 'renamed' },
      },
    )
    expect(await items.findOne({ _id: 1 })).toEqual({
      _id: 1,
      b: 2,
      n: 7,
      lo: 4,
      hi: 20,
      m: 6,
      renamed: 'v',
      nested: { k: 0 },
      fresh: 3,
    })
  })

  it('when two operators of one update touch the same path, then the server refuses with 40 ConflictingUpdateOperators', async () => {
    const items = coll()
    await expectServerError(
      items.updateOne({ _id: 1 }, { $set: { a: 1 }, $setOnInsert: { a: 2 } }, { upsert: true }),
      40,
      'ConflictingUpdateOperators',
    )
    await items.insertOne({ _id: 2, a: { b: 1 } })
    await expectServerError(
      items.updateOne({ _id: 2 }, { $set: { 'a.b': 2 }, $unset: { a: '' } }),
      40,
      'ConflictingUpdateOperators',
    )
    expect(await items.find().toArray()).toEqual([{ _id: 2, a: { b: 1 } }])
  })

  it('when $inc targets a non-numeric field, then the server refuses with 14 TypeMismatch', async () => {
    const items = coll()
    await items.insertOne({ _id: 1, s: 'text' })
    await expectServerError(items.updateOne({ _id: 1 }, { $inc: { s: 1 } }), 14, 'TypeMismatch')
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, s: 'text' })
  })
})

describe('driver: bulkWrite', () => {
  it('when collection.bulkWrite mixes every operation, then the result counts each kind', async () => {
    const items = coll()
    await items.insertMany([
      { _id: 1, v: 1 },
      { _id: 2, v: 2 },
      { _id: 3, v: 3 },
    ])
    const result = await items.bulkWrite([
      { insertOne: { document: { _id: 4, v: 4 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { v: 10 } } } },
      { updateMany: { filter: { v: { $in: [2, 3] } }, update: { $inc: { v: 100 } } } },
      { replaceOne: { filter: { _id: 4 }, replacement: { v: 40 } } },
      { deleteOne: { filter: { _id: 3 } } },
      { updateOne: { filter: { _id: 9 }, update: { $set: { v: 9 } }, upsert: true } },
      { deleteMany: { filter: { v: { $gt: 1000 } } } },
    ])
    expect(result.insertedCount).toBe(1)
    expect(result.matchedCount).toBe(4)
    expect(result.modifiedCount).toBe(4)
    expect(result.deletedCount).toBe(1)
    expect(result.upsertedCount).toBe(1)
    expect(result.upsertedIds).toEqual({ 5: 9 })
    expect(await items.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: 10 },
      { _id: 2, v: 102 },
      { _id: 4, v: 40 },
      { _id: 9, v: 9 },
    ])
  })
})
