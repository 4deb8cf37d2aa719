import { Long, MongoServerError } from 'mongodb'
import type { Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeTestDb,
  expectServerError,
  isExternalServer,
  isReplicaSet,
  openTestDb,
  rejectionOf,
} from './helpers/mongo.js'
import type { TestDb } from './helpers/mongo.js'

let t: TestDb

beforeAll(async () => {
  t = await openTestDb('protocol')
})
afterAll(async () => {
  await closeTestDb(t)
})

/** The MongoDB release that introduced each wire version this suite may meet. */
const releaseOfWireVersion: Record<number, string> = { 17: '6.0', 21: '7.0', 25: '8.0' }

describe('protocol: handshake and server info', () => {
  it('when ping is sent, then the server answers ok 1', async () => {
    expect(await t.db.command({ ping: 1 })).toMatchObject({ ok: 1 })
    expect(await t.db.admin().ping()).toMatchObject({ ok: 1 })
  })

  it('when hello is sent, then a writable primary with sessions and wire version 21 answers', async () => {
    const hello = await t.db.admin().command({ hello: 1 })
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true, readOnly: false, maxBsonObjectSize: 16_777_216 })
    expect(hello.maxMessageSizeBytes).toBe(48_000_000)
    expect(hello.maxWriteBatchSize).toBe(100_000)
    expect(hello.localTime).toBeInstanceOf(Date)
    expect(hello.logicalSessionTimeoutMinutes).toEqual(expect.any(Number))
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0)
    expect(hello.minWireVersion).toBe(0)
    if (isExternalServer) expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21)
    else expect(hello.maxWireVersion).toBe(21)
    expect(hello.connectionId).toEqual(expect.any(Number))
  })

  it('when the legacy isMaster is sent as OP_MSG, then it answers ismaster true', async () => {
    const reply = await t.db.admin().command({ isMaster: 1 })
    expect(reply).toMatchObject({ ok: 1, ismaster: true })
  })

  it('when buildInfo is sent, then the version agrees with the advertised wire version', async () => {
    const info = await t.db.admin().command({ buildInfo: 1 })
    expect(info.ok).toBe(1)
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(info.versionArray).toHaveLength(4)
    expect(String((info.versionArray as unknown[])[0])).toBe(String(info.version).split('.')[0])
    const hello = await t.db.admin().command({ hello: 1 })
    const release = releaseOfWireVersion[Number(hello.maxWireVersion)]
    if (release !== undefined) expect(String(info.version).startsWith(`${release}.`)).toBe(true)
  })

  it('when an unknown command is sent, then it fails with 59 CommandNotFound', async () => {
    const error = await expectServerError(t.db.command({ frobnicate: 1 }), 59, 'CommandNotFound')
    expect(error.message).toContain('frobnicate')
  })
})

describe('protocol: cursors', () => {
  it('when getMore names an unknown cursor, then it fails with 43 CursorNotFound', async () => {
    await t.db.collection('cur').insertOne({ a: 1 })
    await expectServerError(
      t.db.command({ getMore: Long.fromNumber(987_654_321), collection: 'cur' }),
      43,
      'CursorNotFound',
    )
  })

  it('when killCursors names an unknown cursor, then it answers ok and lists the id as not found', async () => {
    const id = Long.fromNumber(987_654_321)
    const reply = await t.db.command({ killCursors: 'cur', cursors: [id] })
    expect(reply.ok).toBe(1)
    expect((reply.cursorsNotFound as unknown[]).map(String)).toEqual([id.toString()])
    expect(reply.cursorsKilled).toEqual([])
  })

  it('when killCursors names a live cursor, then it is killed and getMore on it fails with 43', async () => {
    const coll = t.db.collection('cur2')
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })))
    const first = await t.db.command({ find: 'cur2', batchSize: 2 })
    const cursor = first.cursor as Document
    expect(cursor.firstBatch).toHaveLength(2)
    expect(cursor.ns).toBe(`${t.db.databaseName}.cur2`)
    const id = Long.fromValue(cursor.id as Long | number)
    expect(id.isZero()).toBe(false)
    const killed = await t.db.command({ killCursors: 'cur2', cursors: [id] })
    expect((killed.cursorsKilled as unknown[]).map(String)).toEqual([id.toString()])
    await expectServerError(t.db.command({ getMore: id, collection: 'cur2' }), 43, 'CursorNotFound')
  })
})

/**
 * The driver rewraps a write's code 20 as a "does not support retryable writes" hint with no code of its own
 * (execute_operation.ts, MMAPv1_RETRY_WRITES_ERROR_CODE); the server's refusal is kept as `originalError`.
 */
async function expectTransactionRefused(promise: Promise<unknown>): Promise<void> {
  const error = await rejectionOf(promise)
  expect(error).toBeInstanceOf(MongoServerError)
  if (!(error instanceof MongoServerError)) throw error
  const original: unknown = 'originalError' in error ? error.originalError : error
  expect(original).toBeInstanceOf(MongoServerError)
  expect(original).toMatchObject({ code: 20, codeName: 'IllegalOperation' })
  expect((original as MongoServerError).message).toMatch(
    /Transaction numbers are only allowed on a replica set member or mongos/,
  )
}

describe('protocol: transactions on a standalone server', () => {
  it('when an explicit transaction is started, then the server refuses it with 20 IllegalOperation and stores nothing', async ({
    skip,
  }) => {
    skip(await isReplicaSet(t.db), 'MONGO_URL points to a replica set, where transactions are legal')
    const coll = t.db.collection('txn')
    const session = t.client.startSession()
    try {
      await expectTransactionRefused(
        session.withTransaction(async () => {
          await coll.insertOne({ a: 1 }, { session })
        }),
      )
    } finally {
      await session.endSession()
    }
    expect(await coll.countDocuments()).toBe(0)
  })

  it('when startTransaction is used by hand, then the first write fails with 20 IllegalOperation', async ({ skip }) => {
    skip(await isReplicaSet(t.db), 'MONGO_URL points to a replica set, where transactions are legal')
    const coll = t.db.collection('txn2')
    const session = t.client.startSession()
    try {
      session.startTransaction()
      await expectTransactionRefused(coll.insertOne({ a: 1 }, { session }))
      await session.abortTransaction().catch(() => undefined)
    } finally {
      await session.endSession()
    }
    expect(await coll.countDocuments()).toBe(0)
  })

  it('when a session is used without a transaction, then its writes and reads work', async () => {
    const coll = t.db.collection('sess')
    const session = t.client.startSession()
    try {
      await coll.insertOne({ a: 1 }, { session })
      expect(await coll.findOne({ a: 1 }, { session })).toMatchObject({ a: 1 })
    } finally {
      await session.endSession()
    }
  })
})
