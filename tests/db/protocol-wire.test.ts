import { BSON, MongoClient } from 'mongodb'
import type { Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb, repliesNamed } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
const MiB = 1024 * 1024

beforeAll(async () => {
  t = await openTestDb('wire')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('wire: large messages', () => {
  it('when a 5 MiB document is written and read, then it arrives intact', async () => {
    const c = t.db.collection<LooseDoc>('big_one')
    const body = 'x'.repeat(5 * MiB - 200) + 'END'
    await c.insertOne({ _id: 1, body })
    const stored = await c.findOne({ _id: 1 })
    expect(typeof stored?.body).toBe('string')
    expect((stored?.body as string).length).toBe(body.length)
    expect((stored?.body as string).endsWith('END')).toBe(true)
  })

  it('when 24 MiB of documents are read, then every document comes back and no batch exceeds 16 MiB', async () => {
    const c = t.db.collection<LooseDoc>('big_many')
    const docs = Array.from({ length: 24 }, (_, i) => ({ _id: i, body: String.fromCharCode(97 + i).repeat(MiB) }))
    const inserted = await c.insertMany(docs)
    expect(inserted.insertedCount).toBe(24)
    const from = t.succeeded.length
    const read = await c.find().sort({ _id: 1 }).toArray()
    expect(read.map((d): unknown => d._id)).toEqual(docs.map((d) => d._id))
    expect(read.every((d, i) => d.body === docs[i]?.body)).toBe(true)
    const batches = [
      ...repliesNamed(t, 'find', from).map((r) => (r.cursor as Document).firstBatch as Document[]),
      ...repliesNamed(t, 'getMore', from).map((r) => (r.cursor as Document).nextBatch as Document[]),
    ]
    expect(batches.length).toBeGreaterThanOrEqual(2)
    for (const batch of batches) expect(BSON.calculateObjectSize({ batch })).toBeLessThanOrEqual(16 * MiB + 16 * 1024)
  })
})

describe('wire: many connections', () => {
  it('when several clients write and read concurrently, then every write lands exactly once', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => MongoClient.connect(t.uri, { maxPoolSize: 5 })))
    try {
      await Promise.all(
        clients.flatMap((client, ci) =>
          Array.from({ length: 25 }, (_, i) =>
            client
              .db()
              .collection<LooseDoc>('concurrent')
              .insertOne({ _id: `${ci}-${i}`, ci }),
          ),
        ),
      )
      const counts = await Promise.all(
        clients.map((client, ci) => client.db().collection('concurrent').countDocuments({ ci })),
      )
      expect(counts).toEqual([25, 25, 25, 25])
      expect(await t.db.collection('concurrent').countDocuments()).toBe(100)
    } finally {
      await Promise.all(clients.map((client) => client.close()))
    }
  })

  it('when a client closes with a cursor still open, then the server keeps serving other clients', async () => {
    const c = t.db.collection<LooseDoc>('abandoned')
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i })))
    const other = await MongoClient.connect(t.uri)
    const cursor = other.db().collection('abandoned').find().batchSize(2)
    expect(await cursor.next()).not.toBeNull()
    await other.close(true)
    expect(await c.countDocuments()).toBe(30)
    expect(await t.db.command({ ping: 1 })).toMatchObject({ ok: 1 })
  })
})
