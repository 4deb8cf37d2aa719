import { setTimeout as sleep } from 'node:timers/promises'
import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MASK } from '../../src/access/policy.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bookingPayload, seedBooking } from '../setup/resource-app.js'

// List pages are kept in memory between writes (src/models/list-cache.ts). These tests prove the cache never shows
// a page older than a write this process acknowledged, whichever door wrote, and never shares a page between
// callers who would see different rows or masks.

interface Row {
  _id: string
  company_name: string
  status: string
  email: string
}

async function listOf(t: TestApp, user: TestUser, query: string): Promise<{ rows: Row[]; total: number }> {
  const res = await request(t.app).get(`/api/v1/bookings?${query}`).set('authorization', user.token)
  expect(res.status).toBe(200)
  return { rows: res.body.data as Row[], total: res.body.meta.total as number }
}

describe('with the default cache', () => {
  let t: TestApp
  let senior: TestUser
  let bdm: TestUser
  let otherBdm: TestUser
  let masked: TestUser
  const job = { kind: 'job', name: 'test.list-cache' } as const

  beforeAll(async () => {
    t = await buildTestApp('list_cache')
    senior = await createUser(t, { role: 'senior admin' })
    bdm = await createUser(t, { role: 'bdm' })
    otherBdm = await createUser(t, { role: 'bdm' })
    await t.context.models.roles.create({
      name: 'masked reader',
      description: 'test',
      grants: [{ resource: 'bookings', actions: ['read'], scope: 'all', maskedFields: ['email'] }],
    })
    masked = await createUser(t, { role: 'masked reader' })
  })
  afterAll(async () => {
    await t.close()
  })

  it('serves the second identical request from memory (a write behind the models’ back is not seen yet)', async () => {
    const booking = await seedBooking(t, senior, { company_name: 'UNSEEN BEFORE' })
    const query = `q=UNSEEN&limit=5`
    expect((await listOf(t, senior, query)).rows.map((row) => row._id)).toEqual([booking._id])
    // A write through the raw driver bypasses every model hook, as another process's write would.
    await t.context.resources.bookings.model.collection.updateOne(
      { _id: new Types.ObjectId(booking._id) },
      { $set: { company_name: 'UNSEEN AFTER' } },
    )
    expect((await listOf(t, senior, query)).rows[0]?.company_name).toBe('UNSEEN BEFORE')
  })

  it('shows a REST update, trash, restore and create at once', async () => {
    const booking = await seedBooking(t, senior, { company_name: 'REST DOOR', status: 'Pending' })
    const query = 'q=REST%20DOOR&limit=10'
    expect((await listOf(t, senior, query)).rows[0]?.status).toBe('Pending')

    const patched = await request(t.app)
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', senior.token)
      .send({ status: 'Completed' })
    expect(patched.status).toBe(200)
    expect((await listOf(t, senior, query)).rows[0]?.status).toBe('Completed')

    const trashed = await request(t.app).delete(`/api/v1/bookings/${booking._id}`).set('authorization', senior.token)
    expect(trashed.status).toBe(200)
    expect(await listOf(t, senior, query)).toEqual({ rows: [], total: 0 })

    const restored = await request(t.app)
      .post(`/api/v1/bookings/${booking._id}/restore`)
      .set('authorization', senior.token)
    expect(restored.status).toBe(200)
    expect((await listOf(t, senior, query)).total).toBe(1)

    const created = await request(t.app)
      .post('/api/v1/bookings')
      .set('authorization', senior.token)
      .send(bookingPayload({ company_name: 'REST DOOR TWO' }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect((await listOf(t, senior, query)).total).toBe(2)
  })

  it('shows a legacy edit and a job’s write at once', async () => {
    const booking = await seedBooking(t, senior, { company_name: 'OTHER DOORS', remark: 'first' })
    const query = 'q=OTHER%20DOORS'
    expect((await listOf(t, senior, query)).rows[0]?.company_name).toBe('OTHER DOORS')

    const legacy = await request(t.app)
      .patch(`/booking/editbooking/${booking._id}`)
      .set('authorization', senior.token)
      .send({ company_name: 'OTHER DOORS LEGACY' })
    expect(legacy.status).toBe(200)
    expect((await listOf(t, senior, query)).rows[0]?.company_name).toBe('OTHER DOORS LEGACY')

    await t.context.resources.bookings.update(job, booking._id, { company_name: 'OTHER DOORS JOB' })
    expect((await listOf(t, senior, query)).rows[0]?.company_name).toBe('OTHER DOORS JOB')

    await t.context.resources.bookings.trash(job, booking._id)
    await t.context.resources.bookings.destroy(job, booking._id)
    expect((await listOf(t, senior, query)).total).toBe(0)
  })

  it('never gives one caller’s page to a caller with other masks or another scope', async () => {
    await seedBooking(t, bdm, { company_name: 'SCOPED PAGE', email: 'mine@example.com' })
    await seedBooking(t, otherBdm, { company_name: 'SCOPED PAGE', email: 'theirs@example.com' })
    const query = 'q=SCOPED%20PAGE&sort=createdAt'

    expect((await listOf(t, senior, query)).rows.map((row) => row.email)).toEqual([
      'mine@example.com',
      'theirs@example.com',
    ])
    expect((await listOf(t, masked, query)).rows.map((row) => row.email)).toEqual([MASK, MASK])
    expect((await listOf(t, bdm, query)).rows.map((row) => row.email)).toEqual(['mine@example.com'])
    expect((await listOf(t, otherBdm, query)).rows.map((row) => row.email)).toEqual(['theirs@example.com'])
    // And the unmasked caller's page is still unmasked after the others were served.
    expect((await listOf(t, senior, query)).rows.map((row) => row.email)).toContain('mine@example.com')
  })

  it('keys on the search text, so two searches never share a page', async () => {
    await seedBooking(t, senior, { company_name: 'KEYED ALPHA' })
    await seedBooking(t, senior, { company_name: 'KEYED BETA' })
    expect((await listOf(t, senior, 'q=keyed%20alpha')).rows.map((row) => row.company_name)).toEqual(['KEYED ALPHA'])
    expect((await listOf(t, senior, 'q=keyed%20beta')).rows.map((row) => row.company_name)).toEqual(['KEYED BETA'])
    expect((await listOf(t, senior, 'q=keyed.')).total).toBe(0)
  })
})

describe('writes from another process', () => {
  it('show after READ_CACHE_MS, and at once when it is 0', async () => {
    const short = await buildTestApp('list_cache_ttl', { env: { READ_CACHE_MS: '300' } })
    const off = await buildTestApp('list_cache_off', { dbUri: short.dbUri, env: { READ_CACHE_MS: '0' } })
    try {
      const senior = await createUser(short, { role: 'senior admin' })
      const booking = await seedBooking(short, senior, { company_name: 'TTL BEFORE' })
      const query = 'q=TTL'
      expect((await listOf(short, senior, query)).rows[0]?.company_name).toBe('TTL BEFORE')
      expect((await listOf(off, senior, query)).rows[0]?.company_name).toBe('TTL BEFORE')

      // Another process's write: the raw driver, so no model hook of this process hears it.
      await off.context.resources.bookings.model.collection.updateOne(
        { _id: new Types.ObjectId(booking._id) },
        { $set: { company_name: 'TTL AFTER' } },
      )
      expect((await listOf(off, senior, query)).rows[0]?.company_name).toBe('TTL AFTER')
      await sleep(350)
      expect((await listOf(short, senior, query)).rows[0]?.company_name).toBe('TTL AFTER')
    } finally {
      await off.close()
      await short.close()
    }
  })
})
