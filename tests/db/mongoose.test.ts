import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejectionOf, sleep } from './helpers/mongo.js'
import { closeMongoose, openMongoose, userSchema } from './helpers/mongoose-models.js'
import type { MongooseFixture, User } from './helpers/mongoose-models.js'

let f: MongooseFixture

beforeAll(async () => {
  f = await openMongoose('mongoose')
})
afterAll(async () => {
  await closeMongoose(f)
})

describe('mongoose: connection and indexes', () => {
  it('when the connection opens, then it is connected and pings the server', async () => {
    expect(f.conn.readyState).toBe(mongoose.ConnectionStates.connected)
    expect(await f.conn.db?.admin().ping()).toMatchObject({ ok: 1 })
  })

  it('when Model.init runs with autoIndex, then the collection exists with the unique email index', async () => {
    const collections = await f.conn.db?.listCollections({}, { nameOnly: true }).toArray()
    expect(collections?.map((c) => c.name)).toEqual(expect.arrayContaining(['users', 'posts']))
    const indexes = await f.User.collection.indexes()
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'email_1'])
    expect(indexes.find((i) => i.name === 'email_1')).toMatchObject({ key: { email: 1 }, unique: true })
  })

  it('when a second model on the same collection calls init, then the server says 48 NamespaceExists and mongoose accepts it', async () => {
    const from = f.failed.length
    const Again = f.conn.model('UserAgain', userSchema(), 'users')
    await Again.init()
    const refusals = f.failed.slice(from).filter((e) => e.commandName === 'create')
    expect(refusals).toHaveLength(1)
    expect(refusals[0]?.failure).toMatchObject({ code: 48, codeName: 'NamespaceExists' })
    expect(await Again.countDocuments()).toBe(await f.User.countDocuments())
  })

  it('when syncIndexes runs, then indexes missing from the schema are dropped and new ones built', async () => {
    const schema = userSchema()
    schema.index({ name: 1, age: -1 })
    const Synced = f.conn.model('UserSynced', schema, 'users_synced')
    await Synced.createCollection()
    await Synced.collection.createIndex({ legacy: 1 }, undefined, undefined)
    const dropped = await Synced.syncIndexes()
    expect(dropped).toEqual(['legacy_1'])
    const names = (await Synced.collection.indexes()).map((i) => i.name).sort()
    expect(names).toEqual(['_id_', 'email_1', 'name_1_age_-1'])
    expect(await Synced.syncIndexes()).toEqual([])
    expect(await Synced.diffIndexes()).toEqual({ toDrop: [], toCreate: [] })
  })
})

describe('mongoose: documents', () => {
  it('when a document is created, then timestamps are set and it is stored as given', async () => {
    const before = Date.now()
    const user = await f.User.create({ name: '  Ann  ', email: 'ANN@X.IO', age: 30 })
    expect(user.name).toBe('Ann')
    expect(user.createdAt).toBeInstanceOf(Date)
    expect(user.createdAt?.getTime()).toBeGreaterThanOrEqual(before - 5_000)
    const raw = await f.User.collection.findOne({ _id: user._id })
    expect(raw).toMatchObject({ name: 'Ann', email: 'ann@x.io', age: 30, role: 'guest', tags: [] })
    expect(raw?.createdAt).toEqual(user.createdAt)
    expect(raw?.updatedAt).toBeInstanceOf(Date)
  })

  it('when a document fails validation, then a ValidationError names the paths and nothing is stored', async () => {
    const count = await f.User.countDocuments()
    const error = await rejectionOf(f.User.create({ email: 'bad@x.io', age: -1, role: 'boss' as User['role'] }))
    expect(error).toBeInstanceOf(mongoose.Error.ValidationError)
    if (!(error instanceof mongoose.Error.ValidationError)) throw error
    expect(Object.keys(error.errors).sort()).toEqual(['age', 'name', 'role'])
    expect(await f.User.countDocuments()).toBe(count)
  })

  it('when a duplicate email is created, then the server error has code 11000 and keyValue', async () => {
    await f.User.create({ name: 'Dup', email: 'dup@x.io' })
    const error = await rejectionOf(f.User.create({ name: 'Dup 2', email: 'dup@x.io' }))
    expect(error).toMatchObject({ name: 'MongoServerError', code: 11000, keyValue: { email: 'dup@x.io' } })
    expect(await f.User.countDocuments({ email: 'dup@x.io' })).toBe(1)
  })

  it('when a duplicate comes through updateOne or findOneAndUpdate, then 11000 is raised and nothing changes', async () => {
    await f.User.create([
      { name: 'U1', email: 'u1@x.io' },
      { name: 'U2', email: 'u2@x.io' },
    ])
    expect(await rejectionOf(f.User.updateOne({ email: 'u2@x.io' }, { email: 'u1@x.io' }))).toMatchObject({
      code: 11000,
    })
    expect(await rejectionOf(f.User.findOneAndUpdate({ email: 'u2@x.io' }, { email: 'u1@x.io' }))).toMatchObject({
      code: 11000,
      keyValue: { email: 'u1@x.io' },
    })
    expect(await f.User.countDocuments({ email: 'u2@x.io' })).toBe(1)
  })

  it('when insertMany is unordered and one email repeats, then the others are inserted', async () => {
    const error = await rejectionOf(
      f.User.insertMany(
        [
          { name: 'M1', email: 'm1@x.io' },
          { name: 'M1 again', email: 'm1@x.io' },
          { name: 'M2', email: 'm2@x.io' },
        ],
        { ordered: false },
      ),
    )
    expect(error).toMatchObject({ code: 11000 })
    expect(await f.User.countDocuments({ email: { $in: ['m1@x.io', 'm2@x.io'] } })).toBe(2)
  })

  it('when a loaded document is changed and saved, then only it is updated and updatedAt moves', async () => {
    const user = await f.User.create({ name: 'Saver', email: 'saver@x.io', age: 40 })
    const loaded = await f.User.findById(user._id).orFail()
    const firstUpdatedAt = loaded.updatedAt?.getTime() ?? 0
    await sleep(20)
    loaded.age = 41
    loaded.tags.push('vip')
    await loaded.save()
    const raw = await f.User.collection.findOne({ _id: user._id })
    expect(raw).toMatchObject({ age: 41, tags: ['vip'], name: 'Saver' })
    expect((raw?.updatedAt as Date).getTime()).toBeGreaterThan(firstUpdatedAt)
    expect(raw?.createdAt).toEqual(user.createdAt)
  })

  it('when a loaded document is deleted with doc.deleteOne, then it is gone', async () => {
    const user = await f.User.create({ name: 'Gone', email: 'gone@x.io' })
    await user.deleteOne()
    expect(await f.User.findById(user._id)).toBeNull()
  })

  it('when two models are used with populate, then the referenced user is loaded into the post', async () => {
    const author = await f.User.create({ name: 'Author', email: 'author@x.io' })
    await f.Post.create([
      { title: 'First', author: author._id, likes: 3 },
      { title: 'Second', author: author._id },
    ])
    const posts = await f.Post.find({ author: author._id })
      .sort({ title: 1 })
      .populate<{ author: { name: string } }>('author', 'name')
    expect(posts.map((p) => [p.title, p.author.name, p.likes])).toEqual([
      ['First', 'Author', 3],
      ['Second', 'Author', 0],
    ])
  })
})
