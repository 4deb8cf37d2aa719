import { MongoBulkWriteError } from 'mongodb'
import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, expectServerError, openTestDb, rejectionOf, repliesNamed } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let seq = 0

/** A fresh `users` collection with a unique index on email. */
async function users(): Promise<Collection<LooseDoc>> {
  seq += 1
  const c = t.db.collection<LooseDoc>(`users${seq}`)
  await c.createIndex({ email: 1 }, { unique: true }, undefined)
  await c.insertMany([
    { _id: 1, email: 'ann@x.io', n: 1 },
    { _id: 2, email: 'bob@x.io', n: 2 },
  ])
  return c
}

beforeAll(async () => {
  t = await openTestDb('driver_errors')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: duplicate keys (E11000)', () => {
  it('when insertOne repeats a unique email, then 11000 names the index, keyPattern and keyValue', async () => {
    const c = await users()
    const error = await expectServerError(c.insertOne({ email: 'ann@x.io' }), 11000)
    expect(error.keyPattern).toEqual({ email: 1 })
    expect(error.keyValue).toEqual({ email: 'ann@x.io' })
    expect(error.message).toBe(
      `E11000 duplicate key error collection: ${t.db.databaseName}.${c.collectionName} index: email_1 dup key: { email: "ann@x.io" }`,
    )
    expect(await c.countDocuments()).toBe(2)
  })

  it('when insertOne repeats an _id, then 11000 names the _id_ index', async () => {
    const c = await users()
    const error = await expectServerError(c.insertOne({ _id: 1, email: 'new@x.io' }), 11000)
    expect(error.keyPattern).toEqual({ _id: 1 })
    expect(error.keyValue).toEqual({ _id: 1 })
    expect(error.message).toContain('index: _id_ dup key: { _id: 1 }')
  })

  it('when insertMany hits a unique index, then the write error carries keyValue for that document', async () => {
    const c = await users()
    const from = t.succeeded.length
    const error = await rejectionOf(c.insertMany([{ email: 'new@x.io' }, { email: 'bob@x.io' }], { ordered: false }))
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    if (!(error instanceof MongoBulkWriteError)) throw error
    const [writeError] = [error.writeErrors].flat()
    expect(writeError?.index).toBe(1)
    expect(writeError?.code).toBe(11000)
    // The driver keeps only index/code/errmsg of each write error; keyValue is on the server's raw reply.
    const [reply] = repliesNamed(t, 'insert', from)
    expect(reply?.writeErrors).toMatchObject([
      { index: 1, code: 11000, codeName: 'DuplicateKey', keyPattern: { email: 1 }, keyValue: { email: 'bob@x.io' } },
    ])
    expect(await c.countDocuments()).toBe(3)
  })

  it('when updateOne would duplicate a unique email, then 11000 carries keyValue and the document is unchanged', async () => {
    const c = await users()
    const error = await expectServerError(c.updateOne({ _id: 2 }, { $set: { email: 'ann@x.io', n: 99 } }), 11000)
    expect(error.keyValue).toEqual({ email: 'ann@x.io' })
    expect(error.keyPattern).toEqual({ email: 1 })
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'bob@x.io', n: 2 })
  })

  it('when findOneAndUpdate would duplicate a unique email, then it fails with top-level 11000 and keyValue', async () => {
    const c = await users()
    const error = await expectServerError(
      c.findOneAndUpdate({ _id: 2 }, { $set: { email: 'ann@x.io' }, $inc: { n: 5 } }, { returnDocument: 'after' }),
      11000,
      'DuplicateKey',
    )
    expect(error.keyValue).toEqual({ email: 'ann@x.io' })
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'bob@x.io', n: 2 })
  })

  it('when an upsert would insert a duplicate, then 11000 is raised and nothing is inserted', async () => {
    const c = await users()
    await expectServerError(c.updateOne({ _id: 3 }, { $set: { email: 'bob@x.io' } }, { upsert: true }), 11000)
    expect(await c.countDocuments()).toBe(2)
  })

  it('when updateMany would create a duplicate, then the documents before the failure stay updated and the rest do not', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`ranks${seq}`)
    await c.createIndex({ rank: 1 }, { unique: true }, undefined)
    await c.insertMany([
      { _id: 1, rank: 10 },
      { _id: 2, rank: 20 },
    ])
    // Setting both ranks to 30 succeeds for the first document and collides on the second one.
    await expectServerError(c.updateMany({}, { $set: { rank: 30 } }), 11000)
    const stored = await c.find().sort({ _id: 1 }).toArray()
    // MongoDB does not roll back a multi-document update: exactly one document got the new rank.
    expect(stored.filter((d) => d.rank === 30)).toHaveLength(1)
    expect(stored.filter((d) => d.rank === 10 || d.rank === 20)).toHaveLength(1)
  })
})

describe('driver: isolation of reads from writes', () => {
  it('when 50 findOneAndUpdate $inc calls race on one counter, then each sees a distinct value and none is lost', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`counter${seq}`)
    await c.insertOne({ _id: 'orders', n: 0 })
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        c.findOneAndUpdate({ _id: 'orders' }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
      ),
    )
    const seen = results.map((doc): unknown => doc?.n)
    expect(new Set(seen).size).toBe(50)
    expect(await c.findOne({ _id: 'orders' })).toEqual({ _id: 'orders', n: 50 })
  })

  it('when two writers update with the same _rev, then exactly one wins (optimistic concurrency)', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`revs${seq}`)
    await c.insertOne({ _id: 'doc', _rev: 3, title: 'old' })
    const write = (title: string) => c.updateOne({ _id: 'doc', _rev: 3 }, { $set: { title }, $inc: { _rev: 1 } })
    const results = await Promise.all([write('first'), write('second')])
    expect(results.map((r) => r.modifiedCount).sort()).toEqual([0, 1])
    const stored = await c.findOne({ _id: 'doc' })
    expect(stored?._rev).toBe(4)
    expect(['first', 'second']).toContain(stored?.title)
  })

  it('when jobs are claimed the way agenda claims them, then each findOneAndUpdate locks a different job', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`jobs${seq}`)
    const due = new Date(Date.now() - 1_000)
    await c.insertMany([
      { _id: 'late', name: 'mail', nextRunAt: new Date(Date.now() + 60_000), priority: 0 },
      { _id: 'low', name: 'mail', nextRunAt: due, priority: -10 },
      { _id: 'high', name: 'mail', nextRunAt: due, priority: 10, lockedAt: null },
      { _id: 'off', name: 'mail', nextRunAt: due, priority: 20, disabled: true },
    ])
    const claim = (): Promise<LooseDoc | null> =>
      c.findOneAndUpdate(
        {
          name: 'mail',
          disabled: { $ne: true },
          $or: [
            { lockedAt: { $eq: null }, nextRunAt: { $lte: new Date() } },
            { lockedAt: { $lte: new Date(Date.now() - 600_000) } },
          ],
        },
        { $set: { lockedAt: new Date(), lastModifiedBy: 'w' } },
        { sort: { nextRunAt: 1, priority: -1 }, returnDocument: 'after' },
      )
    const claimed = await Promise.all([claim(), claim(), claim()])
    expect(claimed.map((doc): unknown => doc?._id ?? null)).toEqual(['high', 'low', null])
    expect(claimed[0]?.lockedAt).toBeInstanceOf(Date)
    expect(await c.countDocuments({ lockedAt: { $type: 'date' } })).toBe(2)
  })

  it('when documents are updated while a cursor is open, then it returns each document once and never half-updated', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`iso${seq}`)
    await c.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: i, a: 0, b: 0 })))
    const cursor = c.find().sort({ _id: 1 }).batchSize(5)
    const seen: Document[] = []
    for (let i = 0; i < 5; i += 1) {
      const doc = await cursor.next()
      if (doc) seen.push(doc)
    }
    // Each update changes a and b together; a reader must see both or neither.
    await c.updateMany({}, { $set: { a: 1, b: 1 } })
    await c.updateMany({ _id: { $gte: 20 } }, { $set: { a: 2, b: 2 } })
    for await (const doc of cursor) seen.push(doc)
    expect(seen.map((d): unknown => d._id)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    for (const doc of seen) expect(doc.a).toBe(doc.b)
    expect(seen.slice(0, 5).every((d) => d.a === 0)).toBe(true)
    expect(await c.countDocuments({ a: 2, b: 2 })).toBe(20)
  })
})
