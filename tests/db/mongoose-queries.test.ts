import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeMongoose, openMongoose } from './helpers/mongoose-models.js'
import type { MongooseFixture, User } from './helpers/mongoose-models.js'

let f: MongooseFixture

const people: Pick<User, 'name' | 'email' | 'age' | 'role' | 'tags'>[] = [
  { name: 'Ann', email: 'ann@x.io', age: 30, role: 'admin', tags: ['a'] },
  { name: 'Bob', email: 'bob@x.io', age: 25, role: 'staff', tags: ['b', 'a'] },
  { name: 'Cid', email: 'cid@x.io', age: 35, role: 'staff', tags: [] },
  { name: 'Dee', email: 'dee@x.io', age: 28, role: 'guest', tags: ['c'] },
  { name: 'Eve', email: 'eve@x.io', age: 41, role: 'guest', tags: [] },
]

beforeAll(async () => {
  f = await openMongoose('mongoose_queries')
  await f.User.create(people)
})
afterAll(async () => {
  await closeMongoose(f)
})

describe('mongoose: queries', () => {
  it('when find has a filter, sort, skip, limit and select, then the server applies them all', async () => {
    const found = await f.User.find({ age: { $gte: 26 } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .select('name age -_id')
    expect(found.map((u) => u.toObject())).toEqual([
      { name: 'Cid', age: 35 },
      { name: 'Ann', age: 30 },
    ])
  })

  it('when a query is lean, then plain objects come back with ObjectId and Date values', async () => {
    const ann = await f.User.findOne({ email: 'ann@x.io' }).lean()
    expect(ann).not.toBeNull()
    expect(ann?._id).toBeInstanceOf(mongoose.Types.ObjectId)
    expect(ann?.createdAt).toBeInstanceOf(Date)
    expect(ann).not.toBeInstanceOf(mongoose.Document)
    const byId = await f.User.findById(ann?._id).lean()
    expect(byId?.email).toBe('ann@x.io')
  })

  it('when counting and distinct run, then they reflect the stored users', async () => {
    expect(await f.User.countDocuments({ role: 'staff' })).toBe(2)
    expect(await f.User.estimatedDocumentCount()).toBeGreaterThanOrEqual(5)
    expect((await f.User.distinct('role')).sort()).toEqual(['admin', 'guest', 'staff'])
    expect((await f.User.distinct('tags', { role: { $ne: 'admin' } })).sort()).toEqual(['a', 'b', 'c'])
  })

  it('when filters use $in, $regex, $or and $exists, then the matching users come back', async () => {
    const names = async (filter: mongoose.QueryFilter<User>): Promise<string[]> =>
      (await f.User.find(filter).sort({ name: 1 }).lean()).map((u) => u.name)
    expect(await names({ role: { $in: ['admin', 'guest'] } })).toEqual(['Ann', 'Dee', 'Eve'])
    expect(await names({ name: { $regex: '^[a-c]', $options: 'i' } })).toEqual(['Ann', 'Bob', 'Cid'])
    expect(await names({ $or: [{ age: { $lt: 26 } }, { age: { $gt: 40 } }] })).toEqual(['Bob', 'Eve'])
    expect(await names({ 'tags.0': { $exists: true }, age: { $lte: 30 } })).toEqual(['Ann', 'Bob', 'Dee'])
  })

  it('when a query cursor is iterated past its first batch, then every document comes once via getMore', async () => {
    const author = await f.User.create({ name: 'Many', email: 'many@x.io' })
    await f.Post.insertMany(
      Array.from({ length: 120 }, (_, i) => ({ title: `p${String(i).padStart(3, '0')}`, author: author._id })),
    )
    const from = f.started.length
    const titles: string[] = []
    for await (const post of f.Post.find({ author: author._id }).sort({ title: 1 }).cursor({ batchSize: 50 })) {
      titles.push(post.title)
    }
    expect(titles).toHaveLength(120)
    expect(titles[119]).toBe('p119')
    expect(f.sent('getMore', from).length).toBeGreaterThanOrEqual(2)
  })

  it('when a query cursor is closed early, then mongoose kills the server cursor', async () => {
    const from = f.started.length
    const cursor = f.Post.find().cursor({ batchSize: 10 })
    expect(await cursor.next()).not.toBeNull()
    await cursor.close()
    expect(f.sent('killCursors', from)).toHaveLength(1)
  })
})

describe('mongoose: writes', () => {
  it('when findOneAndUpdate asks for the new document, then it returns the updated one', async () => {
    // `new: true` is what @adminjs/mongoose passes; mongoose 9 still accepts it.
    const updated = await f.User.findOneAndUpdate({ email: 'dee@x.io' }, { $inc: { age: 1 } }, { new: true })
    expect(updated?.age).toBe(29)
    const after = await f.User.findOneAndUpdate(
      { email: 'dee@x.io' },
      { $inc: { age: 1 } },
      { returnDocument: 'after' },
    )
    expect(after?.age).toBe(30)
  })

  it('when findOneAndUpdate upserts, then the new user is seeded from the filter and gets both timestamps', async () => {
    const created = await f.User.findOneAndUpdate(
      { email: 'new@x.io' },
      { $set: { name: 'Newbie' } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    )
    expect(created).toMatchObject({ email: 'new@x.io', name: 'Newbie', role: 'guest' })
    expect(created.createdAt).toBeInstanceOf(Date)
    expect(created.updatedAt).toBeInstanceOf(Date)
    const raw = await f.User.collection.findOne({ email: 'new@x.io' })
    expect(raw?.createdAt).toEqual(created.createdAt)
  })

  it('when updateOne and updateMany run, then they report matched and modified counts', async () => {
    const one = await f.User.updateOne({ email: 'eve@x.io' }, { $push: { tags: 'late' } })
    expect(one).toMatchObject({ acknowledged: true, matchedCount: 1, modifiedCount: 1 })
    const many = await f.User.updateMany({ role: 'staff' }, { $set: { role: 'admin' } })
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 })
    expect(await f.User.countDocuments({ role: 'admin' })).toBe(3)
    await f.User.updateMany({ email: { $in: ['bob@x.io', 'cid@x.io'] } }, { $set: { role: 'staff' } })
  })

  it('when deleteOne and deleteMany run, then the deleted counts match the store', async () => {
    await f.User.create([
      { name: 'Tmp1', email: 'tmp1@x.io', role: 'guest', tags: ['tmp'] },
      { name: 'Tmp2', email: 'tmp2@x.io', role: 'guest', tags: ['tmp'] },
      { name: 'Tmp3', email: 'tmp3@x.io', role: 'guest', tags: ['tmp'] },
    ])
    expect(await f.User.deleteOne({ tags: 'tmp' })).toMatchObject({ deletedCount: 1 })
    expect(await f.User.deleteMany({ tags: 'tmp' })).toMatchObject({ deletedCount: 2 })
    expect(await f.User.countDocuments({ tags: 'tmp' })).toBe(0)
  })

  it('when arrayFilters are passed, then only matching comments are flagged', async () => {
    const author = await f.User.findOne({ email: 'ann@x.io' }).orFail()
    const post = await f.Post.create({
      title: 'Commented',
      author: author._id,
      comments: [{ by: 'ann' }, { by: 'bob' }, { by: 'ann' }],
    })
    await f.Post.updateOne(
      { _id: post._id },
      { $set: { 'comments.$[c].ok': true } },
      { arrayFilters: [{ 'c.by': 'ann' }] },
    )
    const stored = await f.Post.findById(post._id).lean()
    expect(stored?.comments).toEqual([{ by: 'ann', ok: true }, { by: 'bob' }, { by: 'ann', ok: true }])
  })

  it('when Model.bulkWrite mixes operations, then each is applied and counted', async () => {
    const result = await f.User.bulkWrite([
      { insertOne: { document: { name: 'Bulk', email: 'bulk@x.io' } } },
      { updateOne: { filter: { email: 'ann@x.io' }, update: { $set: { age: 31 } } } },
      { updateMany: { filter: { role: 'guest' }, update: { $addToSet: { tags: 'g' } } } },
      { deleteOne: { filter: { email: 'bulk@x.io' } } },
    ])
    expect(result.insertedCount).toBe(1)
    expect(result.deletedCount).toBe(1)
    expect(result.matchedCount).toBeGreaterThanOrEqual(2)
    expect(await f.User.findOne({ email: 'ann@x.io' }).lean()).toMatchObject({ age: 31 })
    expect(await f.User.countDocuments({ role: 'guest', tags: { $ne: 'g' } })).toBe(0)
  })

  it('when aggregate joins posts to users with $lookup, then each post carries its author', async () => {
    const rows = await f.Post.aggregate<{ title: string; authorName: string }>([
      { $match: { title: { $in: ['Commented'] } } },
      { $lookup: { from: f.User.collection.collectionName, localField: 'author', foreignField: '_id', as: 'a' } },
      { $unwind: '$a' },
      { $project: { _id: 0, title: 1, authorName: '$a.name' } },
    ])
    expect(rows).toEqual([{ title: 'Commented', authorName: 'Ann' }])
    const byRole = await f.User.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$role', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ])
    expect(byRole.map((r) => r._id)).toEqual(['admin', 'guest', 'staff'])
  })
})
