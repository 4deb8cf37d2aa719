import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { Binary, Decimal128, Long, MongoClient, MongoServerError, ObjectId } from 'mongodb'
import type { Db, Document } from 'mongodb'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js'

/** More than the 10,000 documents past which a collection's indexes are rebuilt in the background after recovery. */
const BOOKINGS = 12_000
const USERS = 300

const dirs: string[] = []
const running: { server: EmbeddedMongo; client: MongoClient }[] = []

afterEach(async () => {
  for (const { server, client } of running.splice(0)) {
    await client.close()
    await server.stop()
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function start(dir: string, compactAfterBytes?: number): Promise<Db> {
  const server = await startEmbeddedMongo({ dataDir: dir, compactAfterBytes })
  const client = await MongoClient.connect(`${server.uri}/crm`)
  running.push({ server, client })
  return client.db()
}

async function stop(): Promise<void> {
  const last = running.pop()
  await last?.client.close()
  await last?.server.stop()
}

const STATUSES = ['new', 'paid', 'cancelled', 'refunded']

function booking(i: number): Document {
  return {
    _id: new ObjectId(),
    ref: `B-${i}`,
    status: STATUSES[i % STATUSES.length],
    date: new Date(Date.UTC(2025, 0, 1) + (i % 500) * 86_400_000),
    amount: i % 3 === 0 ? i + 0.5 : i,
    big: Long.fromString('9007199254740993'),
    fee: Decimal128.fromString(`${i % 97}.10`),
    proof: new Binary(Buffer.from([i % 256, 7])),
    customer: { name: `Customer ${i}`, phones: [`98${String(i).padStart(8, '0')}`], since: new Date(2020, 1, 1) },
    items: [{ sku: `S${i % 13}`, qty: (i % 4) + 1 }],
    tags: i % 5 === 0 ? [] : ['vip', `t${i % 11}`],
    note: i % 7 === 0 ? null : `note ${i} ü`,
  }
}

const SEEDED = Array.from({ length: BOOKINGS }, (_, i) => booking(i))
const idAt = (i: number): ObjectId => SEEDED[i]?._id as ObjectId
interface User {
  _id: string
  email: string
}
interface Mark {
  _id: string
  pad?: string
}

/** Everything a client can observe of the data: documents, counts, index-backed queries, the index list. */
async function observe(db: Db): Promise<string> {
  const bookings = db.collection('bookings')
  const users = db.collection<User>('users')
  const seen = {
    bookings: await bookings.find({}).sort({ _id: 1 }).toArray(),
    users: await users.find({}).sort({ _id: 1 }).toArray(),
    count: await bookings.countDocuments({}),
    paid: await bookings.find({ status: 'paid' }).sort({ date: -1, _id: 1 }).limit(50).toArray(),
    paidCount: await bookings.countDocuments({ status: 'paid', date: { $gte: new Date(Date.UTC(2025, 3, 1)) } }),
    byRef: await bookings.findOne({ ref: 'B-4321' }),
    byEmail: await users.findOne({ email: 'u17@example.com' }),
    indexes: [await bookings.listIndexes().toArray(), await users.listIndexes().toArray()],
  }
  // Canonical EJSON keeps every BSON type apart (Long vs number, Decimal128, Binary, dates, field order).
  return EJSON.stringify(seen, { relaxed: false })
}

/** Data written through the driver, then made into a snapshot (the documents a restart leaves as bytes). */
async function seedAndSnapshot(dir: string): Promise<void> {
  const db = await start(dir)
  await db.collection('bookings').createIndex({ status: 1, date: -1 }, {}, undefined)
  await db.collection('bookings').createIndex({ ref: 1 }, {}, undefined)
  await db.collection<User>('users').createIndex({ email: 1 }, { unique: true }, undefined)
  for (let i = 0; i < BOOKINGS; i += 2000) await db.collection('bookings').insertMany(SEEDED.slice(i, i + 2000))
  await db.collection<User>('users').insertMany(Array.from({ length: USERS }, (_, i) => ({ _id: `u${i}`, email: `u${i}@example.com` })))
  await stop()
  // A restart with a tiny threshold: its first write's flush compacts everything into a snapshot.
  const again = await start(dir, 1)
  await again.collection<Mark>('marks').insertOne({ _id: 'seeded', pad: 'x'.repeat(64) })
  await stop()
  expect((await readdir(dir)).filter((n) => n.startsWith('snapshot-'))).toHaveLength(1)
}

describe('restart with snapshot documents decoded on first read', () => {
  it('gives the same documents, counts, index queries and indexes after restarts, with journal changes and a compaction over still-raw documents', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'restart-lazy-test-'))
    dirs.push(dir)
    await seedAndSnapshot(dir)

    // Restart 1: change documents nobody has read since the restart (replaced, updated, removed), then observe.
    const db = await start(dir)
    const bookings = db.collection('bookings')
    await bookings.replaceOne({ _id: idAt(10) }, { ...booking(99_999), _id: idAt(10) })
    await bookings.updateOne({ _id: idAt(11) }, { $set: { status: 'paid', 'customer.name': 'Renamed' } })
    await bookings.deleteMany({ _id: { $in: [idAt(12), idAt(13)] } })
    await db.collection<User>('users').deleteOne({ _id: 'u5' })
    const before = await observe(db)
    await stop()

    // Restart 2: the same snapshot plus the journal of those changes, replayed over raw documents.
    const second = await start(dir)
    expect(await observe(second)).toBe(before)
    const dup = await second
      .collection<User>('users')
      .insertOne({ _id: 'x', email: 'u17@example.com' })
      .catch((e: unknown) => e)
    expect(dup).toBeInstanceOf(MongoServerError)
    expect(dup).toMatchObject({ code: 11000 })
    await stop()

    // Restart 3 compacts at its first write, while most documents are still raw; restart 4 reads that snapshot.
    const third = await start(dir, 1)
    // Past half the snapshot's size, so its flush compacts (file-store.ts).
    await third.collection<Mark>('marks').insertOne({ _id: 'compacted', pad: 'x'.repeat(8_000_000) })
    await stop()
    expect(await readdir(dir)).toContain('snapshot-00000002.bson')
    const fourth = await start(dir)
    await fourth.collection<Mark>('marks').deleteOne({ _id: 'compacted' })
    expect(await observe(fourth)).toBe(before)
    expect(await fourth.collection('bookings').countDocuments({})).toBe(BOOKINGS - 2)
  })
})
