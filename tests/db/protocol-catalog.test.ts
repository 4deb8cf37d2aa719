import { MongoClient } from 'mongodb'
import type { Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDbUri } from '../setup/db.js'
import { closeTestDb, expectServerError, openTestDb } from './helpers/mongo.js'
import type { TestDb } from './helpers/mongo.js'

let t: TestDb

beforeAll(async () => {
  t = await openTestDb('catalog')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('catalog: databases', () => {
  it('when a database holds data, then listDatabases lists it with its size', async () => {
    await t.db.collection('seen').insertOne({ a: 1 })
    const { databases } = await t.db.admin().listDatabases()
    const mine = databases.find((d) => d.name === t.db.databaseName)
    expect(mine).toBeDefined()
    expect(mine?.sizeOnDisk).toEqual(expect.any(Number))
    expect(mine?.empty).toBe(false)
    const names = await t.db.admin().listDatabases({ nameOnly: true })
    expect(names.databases.map((d) => d.name)).toContain(t.db.databaseName)
  })

  it('when a database is dropped, then its collections and data are gone and it is no longer listed', async () => {
    const uri = freshDbUri('dropdb')
    const client = await MongoClient.connect(uri)
    try {
      const db = client.db()
      await db.collection('a').insertOne({ x: 1 })
      await db.collection('b').insertOne({ y: 1 })
      expect(await db.dropDatabase()).toBe(true)
      expect(await db.listCollections().toArray()).toEqual([])
      expect(await db.collection('a').countDocuments()).toBe(0)
      const { databases } = await db.admin().listDatabases()
      expect(databases.map((d) => d.name)).not.toContain(db.databaseName)
    } finally {
      await client.close()
    }
  })

  it('when dbStats is asked, then it counts the collections and objects of this database', async () => {
    const uri = freshDbUri('dbstats')
    const client = await MongoClient.connect(uri)
    try {
      const db = client.db()
      await db.collection('a').insertMany([{ x: 1 }, { x: 2 }])
      await db.collection('b').insertOne({ y: 1 })
      const stats = await db.stats()
      expect(stats).toMatchObject({ ok: 1, db: db.databaseName, collections: 2, objects: 3 })
      expect(stats.dataSize).toBeGreaterThan(0)
      expect(stats.indexes).toBe(2)
      await db.dropDatabase()
    } finally {
      await client.close()
    }
  })
})

describe('catalog: collections', () => {
  it('when listCollections filters by name, then only that collection comes back, typed as a collection', async () => {
    await t.db.createCollection('lc_one')
    await t.db.createCollection('lc_two')
    const found = await t.db.listCollections({ name: 'lc_one' }).toArray()
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ name: 'lc_one', type: 'collection', options: {} })
    const names = await t.db.listCollections({}, { nameOnly: true }).toArray()
    expect(names.map((c) => c.name)).toEqual(expect.arrayContaining(['lc_one', 'lc_two']))
    expect(await t.db.listCollections({ name: 'missing' }).toArray()).toEqual([])
    const byRegex = await t.db.listCollections({ name: { $regex: '^lc_' } }, { nameOnly: true }).toArray()
    expect(byRegex.map((c) => c.name).sort()).toEqual(['lc_one', 'lc_two'])
  })

  it('when an insert hits a missing collection, then the collection is created implicitly', async () => {
    await t.db.collection('implicit').insertOne({ a: 1 })
    expect(await t.db.listCollections({ name: 'implicit' }).toArray()).toHaveLength(1)
  })

  it('when a collection is created twice, then the second create fails with 48 NamespaceExists', async () => {
    await t.db.createCollection('twice')
    await expectServerError(t.db.createCollection('twice'), 48, 'NamespaceExists')
    await expectServerError(t.db.command({ create: 'twice' }), 48, 'NamespaceExists')
  })

  it('when a collection that does not exist is dropped, then the drop still succeeds', async () => {
    const reply = await t.db.command({ drop: 'never_existed' })
    expect(reply.ok).toBe(1)
    await expect(t.db.dropCollection('never_existed')).resolves.toEqual(expect.any(Boolean))
  })

  it('when a collection is dropped, then its documents and indexes are gone', async () => {
    const c = t.db.collection('dropme')
    await c.createIndex({ a: 1 }, undefined, undefined)
    await c.insertOne({ a: 1 })
    expect(await c.drop()).toBe(true)
    expect(await t.db.listCollections({ name: 'dropme' }).toArray()).toEqual([])
    expect(await c.countDocuments()).toBe(0)
  })

  it('when a collection is renamed, then its documents and indexes move to the new name', async () => {
    const from = t.db.collection('ren_from')
    await from.createIndex({ email: 1 }, { unique: true }, undefined)
    await from.insertMany([{ email: 'a' }, { email: 'b' }])
    await t.db.renameCollection('ren_from', 'ren_to')
    expect(await t.db.listCollections({ name: 'ren_from' }).toArray()).toEqual([])
    const to = t.db.collection('ren_to')
    expect(await to.countDocuments()).toBe(2)
    expect((await to.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'email_1'])
    await expectServerError(to.insertOne({ email: 'a' }), 11000)
  })

  it('when a rename targets an existing collection, then it fails with 48 unless dropTarget is set', async () => {
    await t.db.collection('ren_a').insertOne({ from: 'a' })
    await t.db.collection('ren_b').insertOne({ from: 'b' })
    await expectServerError(t.db.renameCollection('ren_a', 'ren_b'), 48, 'NamespaceExists')
    await t.db.renameCollection('ren_a', 'ren_b', { dropTarget: true })
    expect(
      await t.db
        .collection('ren_b')
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ from: 'a' }])
  })

  it('when a missing collection is renamed, then it fails with 26 NamespaceNotFound', async () => {
    await expectServerError(t.db.renameCollection('no_such', 'other'), 26, 'NamespaceNotFound')
  })

  it('when collMod is sent for an existing collection, then it succeeds; for a missing one it fails with 26', async () => {
    await t.db.createCollection('modme')
    expect(await t.db.command({ collMod: 'modme' })).toMatchObject({ ok: 1 })
    await expectServerError(t.db.command({ collMod: 'no_such_coll' }), 26, 'NamespaceNotFound')
  })

  it('when collStats is asked, then it reports the namespace, count and indexes', async () => {
    const c = t.db.collection('stats')
    await c.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }])
    await c.createIndex({ a: 1 }, undefined, undefined)
    const stats: Document = await t.db.command({ collStats: 'stats' })
    expect(stats).toMatchObject({ ok: 1, ns: `${t.db.databaseName}.stats`, count: 3, nindexes: 2 })
    expect(stats.size).toBeGreaterThan(0)
    expect(Object.keys(stats.indexSizes as Document).sort()).toEqual(['_id_', 'a_1'])
  })

  it('when listIndexes targets a missing collection, then it fails with 26 NamespaceNotFound', async () => {
    await expectServerError(t.db.command({ listIndexes: 'no_such_coll' }), 26, 'NamespaceNotFound')
    await expectServerError(t.db.collection('no_such_coll').listIndexes().toArray(), 26, 'NamespaceNotFound')
  })
})
