import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, expectServerError, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let seq = 0
function coll(): Collection<LooseDoc> {
  seq += 1
  return t.db.collection(`i${seq}`)
}

beforeAll(async () => {
  t = await openTestDb('indexes')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('indexes: uniqueness', () => {
  it('when a compound unique index exists, then only the full key combination must be unique', async () => {
    const c = coll()
    expect(await c.createIndex({ a: 1, b: -1 }, { unique: true }, undefined)).toBe('a_1_b_-1')
    await c.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
    ])
    const error = await expectServerError(c.insertOne({ a: 1, b: 2 }), 11000)
    expect(error.keyPattern).toEqual({ a: 1, b: -1 })
    expect(error.keyValue).toEqual({ a: 1, b: 2 })
    expect(await c.countDocuments()).toBe(3)
  })

  it('when a unique index is not sparse, then a missing field counts as null and may occur only once', async () => {
    const c = coll()
    await c.createIndex({ code: 1 }, { unique: true }, undefined)
    await c.insertOne({ name: 'first' })
    const error = await expectServerError(c.insertOne({ name: 'second' }), 11000)
    expect(error.keyValue).toEqual({ code: null })
    await expectServerError(c.insertOne({ code: null }), 11000)
  })

  it('when a unique index is sparse, then many documents may lack the field but present values stay unique', async () => {
    const c = coll()
    await c.createIndex({ code: 1 }, { unique: true, sparse: true }, undefined)
    await c.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }, { code: 'x' }])
    await expectServerError(c.insertOne({ code: 'x' }), 11000)
    expect(await c.countDocuments()).toBe(4)
  })

  it('when a unique index has a partialFilterExpression, then duplicates outside the filter are allowed', async () => {
    const c = coll()
    await c.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } }, undefined)
    await c.insertMany([
      { email: 'a@x', active: false },
      { email: 'a@x', active: false },
      { email: 'a@x' },
      { email: 'a@x', active: true },
    ])
    await expectServerError(c.insertOne({ email: 'a@x', active: true }), 11000)
    // Moving a document into the filter makes it subject to the constraint.
    await expectServerError(c.updateOne({ active: false }, { $set: { active: true } }), 11000)
    expect(await c.countDocuments({ active: true })).toBe(1)
  })

  it('when a unique index covers an array field, then each element is a key, within a document repeats are fine', async () => {
    const c = t.db.collection<{ _id: number; tags: string[] }>(`i${String((seq += 1))}`)
    await c.createIndex({ tags: 1 }, { unique: true }, undefined)
    await c.insertOne({ _id: 1, tags: ['a', 'b', 'b'] })
    const error = await expectServerError(c.insertOne({ _id: 2, tags: ['c', 'b'] }), 11000)
    expect(error.keyValue).toEqual({ tags: 'b' })
    await c.insertOne({ _id: 3, tags: ['c', 'd'] })
    await expectServerError(c.updateOne({ _id: 3 }, { $push: { tags: 'a' } }), 11000)
    expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3, tags: ['c', 'd'] })
  })

  it('when a unique index is on a path inside an array of subdocuments, then two documents cannot share a value', async () => {
    const c = coll()
    await c.createIndex({ 'contacts.email': 1 }, { unique: true }, undefined)
    await c.insertOne({ _id: 1, contacts: [{ email: 'a@x' }, { email: 'b@x' }] })
    const error = await expectServerError(c.insertOne({ _id: 2, contacts: [{ email: 'b@x' }] }), 11000)
    expect(error.keyValue).toEqual({ 'contacts.email': 'b@x' })
    await c.insertOne({ _id: 3, contacts: [{ email: 'c@x' }] })
    expect(await c.countDocuments()).toBe(2)
  })

  it('when a unique index is created over existing duplicates, then it fails with 11000 and is not created', async () => {
    const c = coll()
    await c.insertMany([{ email: 'dup' }, { email: 'dup' }, { email: 'other' }])
    await expectServerError(c.createIndex({ email: 1 }, { unique: true }, undefined), 11000)
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_'])
    await c.insertOne({ email: 'dup' })
    expect(await c.countDocuments({ email: 'dup' })).toBe(3)
  })

  it('when a document is deleted, then its unique key is free again', async () => {
    const c = coll()
    await c.createIndex({ email: 1 }, { unique: true }, undefined)
    await c.insertOne({ email: 'reuse' })
    await c.deleteOne({ email: 'reuse' })
    await c.insertOne({ email: 'reuse' })
    await c.updateOne({ email: 'reuse' }, { $set: { email: 'moved' } })
    await c.insertOne({ email: 'reuse' })
    expect(await c.countDocuments()).toBe(2)
  })

  it('when a unique index compares numbers of different types, then 1 and 1.0 are the same key', async () => {
    const c = coll()
    await c.createIndex({ n: 1 }, { unique: true }, undefined)
    await c.insertOne({ n: 1 })
    await expectServerError(c.insertOne({ n: 1.0 }), 11000)
    await c.insertOne({ n: '1' })
    expect(await c.countDocuments()).toBe(2)
  })
})

describe('indexes: catalog', () => {
  it('when indexes are listed, then each has v, key, name and the options it was created with', async () => {
    const c = coll()
    await c.createIndexes([
      { key: { email: 1 }, unique: true },
      { key: { createdAt: 1 }, expireAfterSeconds: 3600 },
      { key: { a: 1, b: -1 }, name: 'a_b', sparse: true },
      { key: { s: 1 }, partialFilterExpression: { s: { $exists: true } } },
    ])
    const indexes = await c.indexes()
    const byName = new Map(indexes.map((i) => [i.name, i as Document]))
    expect([...byName.keys()].sort()).toEqual(['_id_', 'a_b', 'createdAt_1', 'email_1', 's_1'])
    expect(byName.get('_id_')).toEqual({ v: 2, key: { _id: 1 }, name: '_id_' })
    expect(byName.get('email_1')).toEqual({ v: 2, key: { email: 1 }, name: 'email_1', unique: true })
    expect(byName.get('createdAt_1')).toEqual({
      v: 2,
      key: { createdAt: 1 },
      name: 'createdAt_1',
      expireAfterSeconds: 3600,
    })
    expect(byName.get('a_b')).toEqual({ v: 2, key: { a: 1, b: -1 }, name: 'a_b', sparse: true })
    expect(byName.get('s_1')).toEqual({
      v: 2,
      key: { s: 1 },
      name: 's_1',
      partialFilterExpression: { s: { $exists: true } },
    })
    expect(await c.indexExists('email_1')).toBe(true)
  })

  it('when the same index is created again, then it succeeds without adding an index', async () => {
    const c = coll()
    await c.createIndex({ email: 1 }, { unique: true }, undefined)
    const reply = await t.db.command({
      createIndexes: c.collectionName,
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    })
    expect(reply).toMatchObject({ ok: 1, numIndexesBefore: 2, numIndexesAfter: 2 })
    expect(await c.indexes()).toHaveLength(2)
  })

  it('when createIndexes runs on a missing collection, then the collection is created with the index', async () => {
    const c = coll()
    const reply = await t.db.command({ createIndexes: c.collectionName, indexes: [{ key: { x: 1 }, name: 'x_1' }] })
    expect(reply).toMatchObject({
      ok: 1,
      createdCollectionAutomatically: true,
      numIndexesBefore: 1,
      numIndexesAfter: 2,
    })
    expect(await t.db.listCollections({ name: c.collectionName }).toArray()).toHaveLength(1)
  })

  it('when an index name is reused with other options, then it fails with 85 IndexOptionsConflict', async () => {
    const c = coll()
    await c.createIndex({ createdAt: 1 }, { expireAfterSeconds: 60 }, undefined)
    await expectServerError(
      c.createIndex({ createdAt: 1 }, { expireAfterSeconds: 120 }, undefined),
      85,
      'IndexOptionsConflict',
    )
    await expectServerError(c.createIndex({ createdAt: 1 }, { unique: true }, undefined), 85, 'IndexOptionsConflict')
  })

  it('when an index name is reused with other keys, then it fails with 86 IndexKeySpecsConflict', async () => {
    const c = coll()
    await c.createIndex({ a: 1 }, { name: 'my_index' }, undefined)
    await expectServerError(c.createIndex({ b: 1 }, { name: 'my_index' }, undefined), 86, 'IndexKeySpecsConflict')
  })

  it('when the same keys are indexed again under another name, then it fails with 85 IndexOptionsConflict', async () => {
    const c = coll()
    await c.createIndex({ a: 1 }, undefined, undefined)
    await expectServerError(c.createIndex({ a: 1 }, { name: 'another_name' }, undefined), 85, 'IndexOptionsConflict')
  })

  it('when dropIndexes names an unknown index, then it fails with 27 IndexNotFound', async () => {
    const c = coll()
    await c.insertOne({ a: 1 })
    await expectServerError(c.dropIndex('nope_1'), 27, 'IndexNotFound')
  })

  it('when an index is dropped by name or all at once, then only the _id index remains', async () => {
    const c = coll()
    await c.createIndex({ a: 1 }, { unique: true }, undefined)
    await c.createIndex({ b: 1 }, undefined, undefined)
    await c.createIndex({ d: 1 }, undefined, undefined)
    await c.dropIndex('a_1')
    await c.insertMany([{ a: 1 }, { a: 1 }])
    expect((await c.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'b_1', 'd_1'])
    await c.dropIndexes()
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('when collMod changes a TTL index, then listIndexes shows the new expireAfterSeconds', async () => {
    const c = coll()
    await c.createIndex({ createdAt: 1 }, { expireAfterSeconds: 60 }, undefined)
    const reply = await t.db.command({
      collMod: c.collectionName,
      index: { keyPattern: { createdAt: 1 }, expireAfterSeconds: 90 },
    })
    expect(reply).toMatchObject({ ok: 1, expireAfterSeconds_old: 60, expireAfterSeconds_new: 90 })
    const ttl = (await c.indexes()).find((i) => i.name === 'createdAt_1')
    expect(ttl?.expireAfterSeconds).toBe(90)
  })
})
