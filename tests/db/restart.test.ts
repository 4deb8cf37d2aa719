import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, MongoServerError } from 'mongodb'
import type { Db, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_SKIP_REASON, startCliServer } from './helpers/cli-server.js'
import type { CliServer } from './helpers/cli-server.js'

const external = Boolean(process.env.MONGO_URL)

interface Customer {
  _id: number
  email: string
  name: string
  city: string
  age: number
  createdAt: Date
}
interface Order {
  _id: number
  customerId: number
  total: number
}

const CITIES = ['Pune', 'Delhi', 'Mumbai', 'Chennai', 'Kolkata']
const customer = (i: number): Customer => ({
  _id: i,
  email: `customer${i}@example.com`,
  name: `Customer ${String(i).padStart(3, '0')}`,
  city: CITIES[i % CITIES.length] ?? 'Pune',
  age: 20 + (i % 45),
  createdAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
})
const CUSTOMERS = Array.from({ length: 250 }, (_, i) => customer(i))
const ORDERS: Order[] = Array.from({ length: 40 }, (_, i) => ({ _id: i, customerId: (i * 7) % 250, total: 100 + i }))

/** What `$match age >= 40, $group by city` must give, computed here rather than trusted from the server. */
function expectedCityGroups(): Document[] {
  const groups = new Map<string, { count: number; ageSum: number }>()
  for (const c of CUSTOMERS.filter((c) => c.age >= 40)) {
    const g = groups.get(c.city) ?? { count: 0, ageSum: 0 }
    groups.set(c.city, { count: g.count + 1, ageSum: g.ageSum + c.age })
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([city, g]) => ({ _id: city, count: g.count, ageSum: g.ageSum }))
}

const cityGroups = (db: Db) =>
  db
    .collection<Customer>('customers')
    .aggregate([
      { $match: { age: { $gte: 40 } } },
      { $group: { _id: '$city', count: { $sum: 1 }, ageSum: { $sum: '$age' } } },
      { $sort: { _id: 1 } },
    ])
    .toArray()

const ordersWithCustomer = (db: Db) =>
  db
    .collection<Order>('orders')
    .aggregate([
      { $match: { total: { $gte: 130 } } },
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
      { $unwind: '$customer' },
      { $project: { _id: 1, total: 1, email: '$customer.email' } },
      { $sort: { _id: 1 } },
    ])
    .toArray()

const expectedOrdersWithCustomer = ORDERS.filter((o) => o.total >= 130).map((o) => ({
  _id: o._id,
  total: o.total,
  email: `customer${o.customerId}@example.com`,
}))

/** The page `find({age >= 30}).sort({age: -1, _id: 1}).skip(5).limit(10)` with a projection must return. */
const expectedPage = CUSTOMERS.filter((c) => c.age >= 30)
  .sort((a, b) => b.age - a.age || a._id - b._id)
  .slice(5, 15)
  .map((c) => ({ email: c.email, age: c.age }))

const page = (db: Db) =>
  db
    .collection<Customer>('customers')
    .find({ age: { $gte: 30 } }, { projection: { _id: 0, email: 1, age: 1 } })
    .sort({ age: -1, _id: 1 })
    .skip(5)
    .limit(10)
    .toArray()

let dir: string
let server: CliServer | undefined
let client: MongoClient | undefined
/** The upserted customer after its insert (first call) and its update (second call). */
const UPSERTED = {
  _id: 500,
  email: 'new@example.com',
  name: 'New',
  visits: 1,
  createdAt: new Date(Date.UTC(2025, 0, 1)),
}

async function connect(): Promise<Db> {
  await client?.close()
  if (!server) throw new Error('no server')
  client = await new MongoClient(server.uri, { monitorCommands: true }).connect()
  return client.db('crm')
}

describe.skipIf(external)(
  external ? `embedded server CLI acceptance (${CLI_SKIP_REASON})` : 'embedded server CLI acceptance',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'restart-test-'))
      server = await startCliServer(dir)
    })
    afterAll(async () => {
      await client?.close(true)
      await server?.stop('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    })

    it('when a unique index exists, a duplicate insert fails with E11000 carrying keyValue and stores nothing', async () => {
      const db = await connect()
      const customers = db.collection<Customer>('customers')
      expect(await customers.createIndex({ email: 1 }, { unique: true }, undefined)).toBe('email_1')
      expect((await customers.insertMany(CUSTOMERS)).insertedCount).toBe(250)
      await db.collection<Order>('orders').insertMany(ORDERS)

      const error = await customers.insertOne({ ...customer(0), _id: 999 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MongoServerError)
      expect(error).toMatchObject({ code: 11000, keyValue: { email: 'customer0@example.com' } })
      expect((error as MongoServerError).message).toMatch(/E11000 duplicate key error/)
      expect(await customers.countDocuments({})).toBe(250)
    })

    it('when finding with filter, sort, skip, limit and projection, the right page comes back', async () => {
      const db = await connect()
      expect(await page(db)).toEqual(expectedPage)
    })

    it('when a cursor is iterated past its first batch, getMore delivers every document in order', async () => {
      const db = await connect()
      const getMores: number[] = []
      client?.on('commandStarted', (e) => e.commandName === 'getMore' && getMores.push(e.requestId))
      const seen: number[] = []
      for await (const doc of db.collection<Customer>('customers').find({}).sort({ _id: 1 })) seen.push(doc._id)
      expect(seen).toEqual(CUSTOMERS.map((c) => c._id))
      expect(getMores.length).toBeGreaterThan(0)
    })

    it('when aggregating with $match/$group and $lookup, the results match the data', async () => {
      const db = await connect()
      expect(await cityGroups(db)).toEqual(expectedCityGroups())
      expect(await ordersWithCustomer(db)).toEqual(expectedOrdersWithCustomer)
    })

    it('when findOneAndUpdate upserts with $setOnInsert, the insert sets it and a later update leaves it alone', async () => {
      const customers = (await connect()).collection<Customer & { visits?: number }>('customers')
      const first = await customers.findOneAndUpdate(
        { email: 'new@example.com' },
        {
          $set: { name: 'New' },
          $inc: { visits: 1 },
          $setOnInsert: { _id: 500, createdAt: new Date(Date.UTC(2025, 0, 1)) },
        },
        { upsert: true, returnDocument: 'after' },
      )
      expect(first).toEqual(UPSERTED)
      const second = await customers.findOneAndUpdate(
        { email: 'new@example.com' },
        { $set: { name: 'Newer' }, $inc: { visits: 1 }, $setOnInsert: { createdAt: new Date(Date.UTC(2030, 0, 1)) } },
        { upsert: true, returnDocument: 'after' },
      )
      expect(second).toEqual({ ...UPSERTED, name: 'Newer', visits: 2 })
    })

    it('when the server is stopped with SIGTERM and started again on the same directory, everything reads back', async () => {
      // A compound index over existing data: after the restart it is rebuilt in one sort, and serves this read.
      await (await connect()).collection<Customer>('customers').createIndex({ city: 1, age: -1 }, undefined, undefined)
      expect(await server?.stop('SIGTERM')).toBe(0)
      server = await startCliServer(dir)
      const db = await connect()
      const customers = db.collection<Customer>('customers')
      expect(
        await customers
          .find({ _id: { $lt: 250 } })
          .sort({ _id: 1 })
          .toArray(),
      ).toEqual(CUSTOMERS)
      expect(await page(db)).toEqual(expectedPage)
      const pune = CUSTOMERS.filter((c) => c.city === 'Pune').sort((a, b) => b.age - a.age || a._id - b._id)
      expect(
        await customers
          .find({ city: 'Pune', _id: { $lt: 250 } })
          .sort({ age: -1, _id: 1 })
          .toArray(),
      ).toEqual(pune)
      expect(await cityGroups(db)).toEqual(expectedCityGroups())
      expect(await ordersWithCustomer(db)).toEqual(expectedOrdersWithCustomer)
      const duplicate = await customers.insertOne({ ...customer(1), _id: 998 }).catch((e: unknown) => e)
      expect(duplicate).toMatchObject({ code: 11000, keyValue: { email: 'customer1@example.com' } })
      // Last, so a failed upsert earlier in the flow does not hide the checks above.
      expect(await customers.findOne({ email: 'new@example.com' })).toEqual({ ...UPSERTED, name: 'Newer', visits: 2 })
    })
  },
)
