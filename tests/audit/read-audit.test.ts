import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadEntry } from '../../src/audit/read-entry.js'
import { adminLogin, recordUrl } from '../admin/admin-session.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, seedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
let bdm: TestUser
let otherBdm: TestUser
let hr: TestUser
beforeAll(async () => {
  t = await buildTestApp('read_audit')
  srdev = await createUser(t, { role: 'srdev' })
  bdm = await createUser(t, { role: 'bdm' })
  otherBdm = await createUser(t, { role: 'bdm' })
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
const DAY_SECONDS = 86_400

/** Every read entry of a document, oldest first. */
async function readsOf(app: TestApp, id: string): Promise<ReadEntry[]> {
  return app.context.resources.readLog
    .find({ documentId: new Types.ObjectId(id) })
    .sort({ at: 1 })
    .lean<ReadEntry[]>()
}

async function ttlSecondsOn(app: TestApp): Promise<unknown> {
  const indexes = await app.context.resources.readLog.collection.indexes()
  return indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ at: 1 }))?.expireAfterSeconds
}

describe('REST: a single-document read leaves exactly one read entry', () => {
  it('when srdev reads a booking, responds 200 and logs one read (actor, revision, request id) and no change entry', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token)
    expect(res.status).toBe(200)
    const reads = await readsOf(t, booking._id)
    expect(reads).toHaveLength(1)
    expect(reads[0]).toMatchObject({
      resource: 'bookings',
      revision: 1,
      action: 'read',
      actor: { kind: 'user', id: srdev.id, role: 'srdev' },
      requestId: res.headers['x-request-id'],
      changes: [],
      reason: null,
    })
    expect(reads[0]?.at).toBeInstanceOf(Date)
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when a booking has been updated, the read names the revision the caller saw', async () => {
    const booking = await seedBooking(t, srdev)
    await t.context.resources.bookings.update({ kind: 'system' }, booking._id, { status: 'Completed' })
    await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token).expect(200)
    expect((await readsOf(t, booking._id)).map((entry) => entry.revision)).toEqual([2])
  })

  it("when a bdm opens another bdm's booking or an unknown id, responds 404 and logs nothing", async () => {
    const booking = await seedBooking(t, otherBdm)
    await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', bdm.token).expect(404)
    const unknown = new Types.ObjectId().toHexString()
    await api().get(`/api/v1/bookings/${unknown}`).set('authorization', srdev.token).expect(404)
    expect(await readsOf(t, booking._id)).toEqual([])
    expect(await readsOf(t, unknown)).toEqual([])
  })

  it('when a role without read (HR) or without trash access (bdm, ?trashed=true) asks, responds 403 and logs nothing', async () => {
    const booking = await seedBooking(t, bdm)
    await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', hr.token).expect(403)
    await api().get(`/api/v1/bookings/${booking._id}?trashed=true`).set('authorization', bdm.token).expect(403)
    expect(await readsOf(t, booking._id)).toEqual([])
  })

  it('when srdev reads a trashed booking with ?trashed=true, logs one read of the trashed revision', async () => {
    const booking = await seedBooking(t, srdev)
    await t.context.resources.bookings.trash({ kind: 'system' }, booking._id)
    await api().get(`/api/v1/bookings/${booking._id}?trashed=true`).set('authorization', srdev.token).expect(200)
    expect(await readsOf(t, booking._id)).toMatchObject([{ revision: 2, actor: { id: srdev.id } }])
  })

  it('when a service (declared audit: true) is read by a plain user, logs one read of services', async () => {
    const user = await createUser(t, { role: 'user' })
    const service = await t.context.resources.services.create({ kind: 'system' }, { label: 'GST', value: 'gst-read' })
    const id = String(service._id)
    await api().get(`/api/v1/services/${id}`).set('authorization', user.token).expect(200)
    expect(await readsOf(t, id)).toMatchObject([{ resource: 'services', actor: { id: user.id, role: 'user' } }])
  })
})

describe('legacy doors', () => {
  it('when the v1 frontend calls GET /booking/getbooking/:id, logs one read as the token user', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await api().get(`/booking/getbooking/${booking._id}`).set('authorization', bdm.token)
    expect(res.status).toBe(200)
    expect(await readsOf(t, booking._id)).toMatchObject([{ actor: { id: bdm.id, role: 'bdm' }, revision: 1 }])
  })

  it('when GET /user/:id reads one booking, logs one read', async () => {
    const booking = await seedBooking(t, srdev)
    await api().get(`/user/${booking._id}`).set('authorization', srdev.token).expect(200)
    expect(await readsOf(t, booking._id)).toHaveLength(1)
  })
})

describe('GET /api/v1/bookings/:id/history', () => {
  it('when asked without include, lists the committed changes only; with include=reads, the reads merged by time', async () => {
    const booking = await seedBooking(t, srdev)
    await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token).expect(200)
    await t.context.resources.bookings.update({ kind: 'system' }, booking._id, { status: 'Completed' })
    const url = `/api/v1/bookings/${booking._id}/history`
    const plain = await api().get(url).set('authorization', srdev.token)
    expect(plain.status).toBe(200)
    expect(plain.body.data.map((e: { action: string }) => e.action)).toEqual(['create', 'update'])
    const withReads = await api().get(`${url}?include=reads`).set('authorization', srdev.token)
    expect(withReads.status).toBe(200)
    expect(withReads.body.meta.total).toBe(3)
    expect(withReads.body.data.map((e: { action: string; revision: number }) => [e.action, e.revision])).toEqual([
      ['create', 1],
      ['read', 1],
      ['update', 2],
    ])
    expect(withReads.body.data[1]).toMatchObject({ actor: { id: srdev.id }, changes: [] })
  })

  it('when include names anything else, responds 400 naming include; an unknown key is 400 naming it', async () => {
    const booking = await seedBooking(t, srdev)
    const bogus = await api()
      .get(`/api/v1/bookings/${booking._id}/history?include=bogus`)
      .set('authorization', srdev.token)
    expect(bogus.status).toBe(400)
    expect(bogus.body.details).toEqual([{ path: 'include', message: expect.any(String) }])
    const unknown = await api().get(`/api/v1/bookings/${booking._id}/history?since=1`).set('authorization', srdev.token)
    expect(unknown.status).toBe(400)
    expect(unknown.body.details).toEqual([{ path: 'since', message: 'is not an accepted field' }])
  })
})

describe('admin panel', () => {
  it('when srdev opens a booking in the panel (show), logs exactly one read; the access check logs none', async () => {
    const booking = await seedBooking(t, srdev)
    const panel = await adminLogin(t, srdev)
    const res = await panel.get(recordUrl('Booking', booking._id, 'show'))
    expect(res.status).toBe(200)
    expect(await readsOf(t, booking._id)).toMatchObject([
      { resource: 'bookings', revision: 1, actor: { id: srdev.id, role: 'srdev' } },
    ])
  })

  it('when srdev opens the history view of a booking, logs one read (the record it shows)', async () => {
    const booking = await seedBooking(t, srdev)
    const panel = await adminLogin(t, srdev)
    expect((await panel.get(recordUrl('Booking', booking._id, 'history'))).status).toBe(200)
    expect(await readsOf(t, booking._id)).toHaveLength(1)
  })
})

describe('retention and failure', () => {
  it('when the app starts, audit_reads has a TTL on `at` of the configured days; a changed setting updates it', async () => {
    expect(await ttlSecondsOn(t)).toBe(365 * DAY_SECONDS)
    const restarted = await buildTestApp('read_audit', { dbUri: t.dbUri, env: { AUDIT_READ_RETENTION_DAYS: '30' } })
    try {
      expect(await ttlSecondsOn(restarted)).toBe(30 * DAY_SECONDS)
    } finally {
      await restarted.close()
    }
  })

  it('when the read cannot be recorded, the read fails and the booking is not sent (fail closed)', async () => {
    const own = await buildTestApp('read_audit_fail')
    try {
      const user = await createUser(own, { role: 'srdev' })
      const booking = await seedBooking(own, user)
      // A unique index no read entry was meant to have: the second read of a document cannot be stored.
      const db = own.context.db.connection.db
      if (!db) throw new Error('not connected')
      await db.command({
        createIndexes: 'audit_reads',
        indexes: [{ key: { documentId: 1 }, name: 'one_read_per_document', unique: true }],
      })
      await request(own.app).get(`/api/v1/bookings/${booking._id}`).set('authorization', user.token).expect(200)
      const res = await request(own.app).get(`/api/v1/bookings/${booking._id}`).set('authorization', user.token)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.body.success).toBe(false)
      expect(JSON.stringify(res.body)).not.toContain(String(booking.company_name))
      expect(await readsOf(own, booking._id)).toHaveLength(1)
    } finally {
      await own.close()
    }
  })
})
