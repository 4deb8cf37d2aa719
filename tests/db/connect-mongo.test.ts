import { MongoStore } from 'connect-mongo'
import { MongoClient } from 'mongodb'
import type { Collection, Db } from 'mongodb'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDbUri } from '../setup/db.js'
import { closeTestDb, isExternalServer, openTestDb, waitFor } from './helpers/mongo.js'
import type { TestDb } from './helpers/mongo.js'
import { dbUriOn, OWN_SERVER_SKIP_REASON, startFastTtlServer } from './helpers/own-server.js'
import { buildSessionApp, storeApi } from './helpers/session-app.js'
import type { MeBody } from './helpers/session-app.js'
import type { EmbeddedMongo } from '../../src/db/embedded/index.js'

const uri = freshDbUri('sessions')
let observer: TestDb
let store: MongoStore
let sessions: Collection<SessionDoc>

/** A session as connect-mongo stores it (with `timestamps: true`). */
interface SessionDoc {
  _id: string
  session: string
  expires: Date
  createdAt?: Date
  updatedAt?: Date
}

beforeAll(async () => {
  observer = await openTestDb('sessions', uri)
  store = MongoStore.create({ mongoUrl: uri, timestamps: true })
  await store.collectionP
  sessions = observer.db.collection<SessionDoc>('sessions')
})
afterAll(async () => {
  await store.close()
  await closeTestDb(observer)
})

async function me(agent: ReturnType<typeof request.agent>): Promise<MeBody> {
  const res = await agent.get('/me').expect(200)
  return res.body as MeBody
}

describe('connect-mongo: sessions over HTTP', () => {
  it('when a session is set over HTTP, then later requests read the same data back', async () => {
    const agent = request.agent(buildSessionApp(store))
    const login = await agent.post('/login').expect(200)
    expect(login.headers['set-cookie']).toBeDefined()
    await agent.post('/view').expect(200, { views: 2 })
    const body = await me(agent)
    expect(body.user).toEqual({ id: 42, name: 'Ann' })
    expect(body.views).toBe(2)
    const stranger = await me(request.agent(buildSessionApp(store)))
    expect(stranger.user).toBeNull()
  })

  it('when a session is stored, then its document has the session, expires and timestamp Dates', async () => {
    const agent = request.agent(buildSessionApp(store))
    await agent.post('/login').expect(200)
    const { sid } = await me(agent)
    const doc = await sessions.findOne({ _id: sid })
    expect(doc).not.toBeNull()
    expect(doc?.expires).toBeInstanceOf(Date)
    expect(doc?.expires.getTime()).toBeGreaterThan(Date.now())
    expect(doc?.createdAt).toBeInstanceOf(Date)
    expect(doc?.updatedAt).toBeInstanceOf(Date)
    expect(JSON.parse(doc?.session ?? 'null')).toMatchObject({ user: { id: 42, name: 'Ann' }, views: 1 })
    await agent.post('/view').expect(200)
    const again = await sessions.findOne({ _id: sid })
    expect(again?.createdAt).toEqual(doc?.createdAt)
    expect(JSON.parse(again?.session ?? 'null')).toMatchObject({ views: 2 })
  })

  it('when the store starts, then it has created the TTL index expires_1 with expireAfterSeconds 0', async () => {
    const ttl = (await sessions.indexes()).find((i) => i.name === 'expires_1')
    expect(ttl).toMatchObject({ key: { expires: 1 }, expireAfterSeconds: 0 })
  })

  it('when the store API is used directly, then length, all, touch and destroy act on the stored sessions', async () => {
    const agent = request.agent(buildSessionApp(store))
    await agent.post('/login').expect(200)
    const { sid } = await me(agent)
    const count = await sessions.countDocuments()
    expect(await storeApi.length(store)).toBe(count)
    const all = await storeApi.all(store)
    expect(Array.isArray(all)).toBe(true)
    expect(all).toHaveLength(count)

    const data = await storeApi.get(store, sid)
    if (!data) throw new Error('session not found through the store')
    // A session read back from the store holds a plain cookie object, so set the date connect-mongo stores.
    const later = new Date(Date.now() + 3 * 60 * 60 * 1000)
    Object.assign(data.cookie, { expires: later })
    await storeApi.touch(store, sid, data)
    const touched = await sessions.findOne({ _id: sid })
    expect(touched?.expires.getTime()).toBe(later.getTime())

    await storeApi.destroy(store, sid)
    expect(await sessions.countDocuments({ _id: sid })).toBe(0)
    expect((await me(agent)).user).toBeNull()
    expect(await storeApi.length(store)).toBe(count - 1)
  })

  it('when the user logs out, then the session document is deleted', async () => {
    const agent = request.agent(buildSessionApp(store))
    await agent.post('/login').expect(200)
    const { sid } = await me(agent)
    await agent.post('/logout').expect(200)
    expect(await sessions.countDocuments({ _id: sid })).toBe(0)
  })
})

describe.skipIf(isExternalServer)(`connect-mongo: expiry (skipped with MONGO_URL: ${OWN_SERVER_SKIP_REASON})`, () => {
  let server: EmbeddedMongo | undefined
  let fastStore: MongoStore | undefined
  let client: MongoClient | undefined
  let db: Db

  beforeAll(async () => {
    server = await startFastTtlServer(200)
    const dbUri = dbUriOn(server, 'expiring_sessions')
    fastStore = MongoStore.create({ mongoUrl: dbUri })
    await fastStore.collectionP
    client = await MongoClient.connect(dbUri)
    db = client.db()
  })
  afterAll(async () => {
    await fastStore?.close()
    await client?.close()
    await server?.stop()
  })

  it('when the cookie maxAge passes and the TTL sweeper runs, then the session document is gone and reads back empty', async () => {
    if (!fastStore) throw new Error('store not started')
    // 3 s leaves a busy machine room to read the session back before it expires; the wait below covers expiry + sweep.
    const agent = request.agent(buildSessionApp(fastStore, 3_000))
    await agent.post('/login').expect(200)
    const { sid, user } = await me(agent)
    expect(user).toEqual({ id: 42, name: 'Ann' })
    const stored = db.collection<SessionDoc>('sessions')
    expect(await stored.countDocuments({ _id: sid })).toBe(1)
    expect(await waitFor(async () => (await stored.countDocuments({ _id: sid })) === 0, 20_000, 100)).toBe(true)
    expect((await me(agent)).user).toBeNull()
  })
})
