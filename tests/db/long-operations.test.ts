import { MongoServerError } from 'mongodb'
import type { Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SlowQueryEvent } from '../../src/db/embedded/slow-query.js'
import { isExternalServer } from './helpers/mongo.js'
import type { LooseDoc } from './helpers/mongo.js'
import { startObservedServer, type ObservedServer } from './helpers/own-server.js'

// Long reads run in slices and yield to the event loop; these tests observe that through the driver, by the order
// in which answers arrive and by the server's slow-query events, never by timing.

const SKIP_REASON = 'observes the embedded server itself (its slow-query events and its slicing of long reads)'
const DOCS = 40_000
/** A filter only the general matcher answers, so each document costs a few microseconds: a long scan. */
const SLOW_FILTER = { $expr: { $gt: [{ $strLenCP: { $concat: ['$name', '$name', '$name'] } }, 1000] } }

let observed: ObservedServer | undefined
let db: Db
let events: SlowQueryEvent[]

beforeAll(async () => {
  if (isExternalServer) return
  observed = await startObservedServer('long', 4)
  ;({ db, events } = observed)
  const docs = Array.from({ length: DOCS }, (_, i) => ({ _id: i, name: `person ${i}`, city: i % 2 ? 'Pune' : 'Goa' }))
  for (let i = 0; i < DOCS; i += 10_000) await db.collection<LooseDoc>('people').insertMany(docs.slice(i, i + 10_000))
}, 60_000)
afterAll(async () => {
  await observed?.stop()
})

describe.skipIf(isExternalServer)(`long operations (skipped with MONGO_URL: ${SKIP_REASON})`, () => {
  it('when full scans are running, then a ping sent after them is answered before they finish', async () => {
    const order: string[] = []
    const scans = Array.from({ length: 3 }, (_, i) =>
      db
        .collection('people')
        .find(SLOW_FILTER)
        .toArray()
        .then((rows) => {
          order.push(`scan ${i}: ${rows.length}`)
        }),
    )
    const ping = db.command({ ping: 1 }).then((reply) => {
      order.push(`ping ${String(reply.ok)}`)
    })
    await Promise.all([...scans, ping])
    expect(order[0]).toBe('ping 1')
    expect(order.slice(1).sort()).toEqual(['scan 0: 0', 'scan 1: 0', 'scan 2: 0'])
  })

  it('when a scan exceeds maxTimeMS, then it answers 50 MaxTimeMSExpired', async () => {
    const error = await db
      .collection('people')
      .find(SLOW_FILTER)
      .maxTimeMS(1)
      .toArray()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MongoServerError)
    expect((error as MongoServerError).code).toBe(50)
    expect((error as MongoServerError).codeName).toBe('MaxTimeMSExpired')
  })

  it('when a countDocuments exceeds maxTimeMS, then it answers 50 too', async () => {
    const error = await db
      .collection('people')
      .countDocuments(SLOW_FILTER, { maxTimeMS: 1 })
      .catch((e: unknown) => e)
    expect((error as MongoServerError).code).toBe(50)
  })

  it('when a query ran longer than the threshold, then a slow-query event names command, namespace, plan and docs examined', async () => {
    events.length = 0
    await db.collection('people').countDocuments({ city: 'Pune', name: /person 1/ })
    const event = events.find((e) => e.command === 'aggregate')
    expect(event).toMatchObject({ type: 'slowQuery', ns: 'long.people', plan: 'COLLSCAN', docsExamined: DOCS })
    expect(event?.ms).toBeGreaterThanOrEqual(0)
  })

  it('when a cursor reads a sorted index in batches, then every document arrives once even with writes in between', async () => {
    const people = db.collection<{ _id: number; name: string; rank?: number }>('people')
    await people.createIndex({ rank: 1 }, undefined, undefined)
    await people.updateMany({ _id: { $lt: 500 } }, [{ $set: { rank: '$_id' } }])
    const cursor = people
      .find({ rank: { $gte: 0 } })
      .sort({ rank: 1 })
      .batchSize(50)
    const seen: number[] = []
    for await (const doc of cursor) {
      seen.push(doc._id)
      // Writes that move index entries around the reader's position, between its batches.
      if (seen.length % 50 === 0) await people.insertOne({ _id: 100_000 + seen.length, name: 'late', rank: -1 })
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i))
  })

  it('when an index is built over existing documents while writes arrive, then the writes are answered first and the index holds them', async () => {
    const people = db.collection<LooseDoc>('people')
    const pune = await people.countDocuments({ city: 'Pune' })
    const order: string[] = []
    const build = people.createIndex({ city: 1, name: 1 }, undefined, undefined).then(() => order.push('built'))
    await people.insertOne({ _id: 'during', name: 'zed', city: 'Pune' })
    await people.updateOne({ _id: 3 }, { $set: { city: 'Delhi' } })
    await people.deleteOne({ _id: 5 })
    order.push('writes')
    await build
    expect(order).toEqual(['writes', 'built'])
    expect((await people.find({ city: 'Delhi' }).toArray()).map((d) => d._id)).toEqual([3])
    expect((await people.find({ city: 'Pune', name: 'zed' }).toArray()).map((d) => d._id)).toEqual(['during'])
    // _id 3 and 5 were in Pune; a count the index answers alone.
    expect(await people.countDocuments({ city: 'Pune' })).toBe(pune - 1)
  })
})
