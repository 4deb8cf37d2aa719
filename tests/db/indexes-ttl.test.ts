import { MongoClient } from 'mongodb'
import type { Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isExternalServer, waitFor } from './helpers/mongo.js'
import type { LooseDoc } from './helpers/mongo.js'
import { dbUriOn, OWN_SERVER_SKIP_REASON, startFastTtlServer } from './helpers/own-server.js'
import type { EmbeddedMongo } from '../../src/db/embedded/index.js'

let server: EmbeddedMongo | undefined
let client: MongoClient | undefined
let db: Db

beforeAll(async () => {
  if (isExternalServer) return
  server = await startFastTtlServer(200)
  client = await MongoClient.connect(dbUriOn(server, 'ttl'))
  db = client.db()
})
afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe.skipIf(isExternalServer)(`indexes: TTL (skipped with MONGO_URL: ${OWN_SERVER_SKIP_REASON})`, () => {
  it('when a TTL index expires documents, then the sweeper deletes exactly the expired ones', async () => {
    const c = db.collection<LooseDoc>('events')
    await c.createIndex({ createdAt: 1 }, { expireAfterSeconds: 1 }, undefined)
    const now = Date.now()
    await c.insertMany([
      { _id: 'old', createdAt: new Date(now - 60_000) },
      { _id: 'fresh', createdAt: new Date(now + 60_000) },
      { _id: 'not-a-date', createdAt: 'yesterday' },
      { _id: 'no-field' },
      { _id: 'array-with-old', createdAt: [new Date(now + 60_000), new Date(now - 60_000)] },
    ])
    expect(await waitFor(async () => (await c.countDocuments()) === 3, 5_000)).toBe(true)
    expect((await c.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['fresh', 'no-field', 'not-a-date'])
  })

  it('when a TTL index is descending, then the sweeper reads it from its oldest date and deletes the expired ones', async () => {
    const c = db.collection<LooseDoc>('events_descending')
    await c.createIndex({ createdAt: -1 }, { expireAfterSeconds: 1 }, undefined)
    const now = Date.now()
    await c.insertMany([
      { _id: 'fresh', createdAt: new Date(now + 60_000) },
      { _id: 'old', createdAt: new Date(now - 60_000) },
      { _id: 'older', createdAt: new Date(now - 120_000) },
    ])
    expect(await waitFor(async () => (await c.countDocuments()) === 1, 5_000)).toBe(true)
    expect((await c.find().toArray()).map((d) => d._id)).toEqual(['fresh'])
  })

  it('when expireAfterSeconds is 0, then a document goes once its own date has passed', async () => {
    const c = db.collection<LooseDoc>('sessions')
    await c.createIndex({ expires: 1 }, { expireAfterSeconds: 0 }, undefined)
    await c.insertMany([
      { _id: 'soon', expires: new Date(Date.now() + 600) },
      { _id: 'later', expires: new Date(Date.now() + 120_000) },
    ])
    expect(await c.countDocuments()).toBe(2)
    expect(await waitFor(async () => (await c.countDocuments({ _id: 'soon' })) === 0, 5_000)).toBe(true)
    expect(await c.countDocuments({ _id: 'later' })).toBe(1)
  })

  it('when a document is updated to a past date, then the sweeper removes it too', async () => {
    const c = db.collection<LooseDoc>('touchable')
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 0 }, undefined)
    await c.insertOne({ _id: 1, at: new Date(Date.now() + 120_000) })
    await c.updateOne({ _id: 1 }, { $set: { at: new Date(Date.now() - 1_000) } })
    expect(await waitFor(async () => (await c.countDocuments()) === 0, 5_000)).toBe(true)
  })
})
