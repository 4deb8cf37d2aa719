import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('bookings')
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
const changeOf = (entry: { changes: Array<{ path: string }> } | undefined, path: string) => {
  if (!entry) throw new Error('the audit entry is missing')
  return entry.changes.find((c) => c.path === path)
}

describe('bookings: every REST write leaves exactly one audit entry', () => {
  it('when srdev creates a booking, responds 201 with derived amounts and an ETag, and audits revision 1 as srdev', async () => {
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ term_1: 2500, total_amount: 10000 }))
    expect(res.status).toBe(201)
    expect(res.headers.etag).toBe('W/"1"')
    expect(res.body.data).toMatchObject({
      user_id: srdev.id,
      received_amount: 2500,
      pending_amount: 7500,
      _rev: 1,
      status: 'Pending',
    })
    const stored = await storedBooking(t, res.body.data._id)
    expect(stored).toMatchObject({ received_amount: 2500, _rev: 1, deletedAt: null })
    const entries = await auditOf(t, res.body.data._id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      action: 'create',
      revision: 1,
      status: 'committed',
      actor: { kind: 'user', id: srdev.id, role: 'srdev' },
    })
    expect(entries[0]?.requestId).toEqual(expect.any(String))
    expect(changeOf(entries[0], 'term_1')).toEqual({ path: 'term_1', after: 2500 })
  })

  it('when a booking is read, responds 200 with its ETag and adds no audit entry (reads are not writes)', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('W/"1"')
    expect(res.body.data).toMatchObject({ _id: booking._id, company_name: booking.company_name })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when srdev updates the status, responds 200 at revision 2 and audits exactly that field change', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ status: 'In Progress', remark: 'called' })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('W/"2"')
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'In Progress', remark: 'called', _rev: 2 })
    const entries = await auditOf(t, booking._id)
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({
      action: 'update',
      revision: 2,
      actor: { kind: 'user', id: srdev.id, role: 'srdev' },
    })
    expect(entries[1]?.changes).toEqual([
      { path: 'status', before: 'Pending', after: 'In Progress' },
      { path: 'remark', before: '', after: 'called' },
    ])
  })

  it('when the body carries an actor or updatedBy, responds 400 and the actor still comes only from the token', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ status: 'Completed', updatedBy: 'someone else' })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'Pending', _rev: 1 })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when srdev trashes, restores, then destroys a booking, each step leaves one entry with the reason', async () => {
    const booking = await seedBooking(t, srdev)
    const trashed = await api()
      .delete(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ reason: 'duplicate' })
    expect(trashed.status).toBe(200)
    expect(trashed.body.data).toMatchObject({ deletedBy: srdev.id, deleteReason: 'duplicate', _rev: 2 })
    const restored = await api()
      .post(`/api/v1/bookings/${booking._id}/restore`)
      .set('authorization', srdev.token)
      .send({})
    expect(restored.status).toBe(200)
    expect(restored.body.data).toMatchObject({ _id: booking._id, deletedAt: null, _rev: 3 })
    await api().delete(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token).send({})
    const destroyed = await api()
      .delete(`/api/v1/bookings/${booking._id}/permanent`)
      .set('authorization', srdev.token)
      .send({ reason: 'test data' })
    expect(destroyed.status).toBe(200)
    expect(await storedBooking(t, booking._id)).toBeNull()
    const entries = await auditOf(t, booking._id)
    expect(entries.map((e) => [e.action, e.revision, e.status])).toEqual([
      ['create', 1, 'committed'],
      ['trash', 2, 'committed'],
      ['restore', 3, 'committed'],
      ['trash', 4, 'committed'],
      ['destroy', 5, 'committed'],
    ])
    expect(entries[1]?.reason).toBe('duplicate')
    expect(entries[4]).toMatchObject({ reason: 'test data', actor: { id: srdev.id } })
    expect(changeOf(entries[4], 'company_name')).toEqual({ path: 'company_name', before: booking.company_name })
  })

  it('when srdev restores revision 1, responds 200 with the old values as a new audited revision', async () => {
    const booking = await seedBooking(t, srdev, { status: 'Pending', remark: 'first' })
    await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ status: 'Completed', remark: 'second' })
    const res = await api()
      .post(`/api/v1/bookings/${booking._id}/history/1/restore`)
      .set('authorization', srdev.token)
      .send({})
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ status: 'Pending', remark: 'first', _rev: 3 })
    const entries = await auditOf(t, booking._id)
    expect(entries).toHaveLength(3)
    expect(entries[2]).toMatchObject({
      action: 'restore-revision',
      revision: 3,
      reason: 'restored to revision 1',
      actor: { id: srdev.id },
    })
    expect(entries[2]?.changes).toEqual([
      { path: 'status', before: 'Completed', after: 'Pending' },
      { path: 'remark', before: 'second', after: 'first' },
    ])
    const history = await api().get(`/api/v1/bookings/${booking._id}/history`).set('authorization', srdev.token)
    expect(history.status).toBe(200)
    expect(history.body.data.map((e: { revision: number }) => e.revision)).toEqual([1, 2, 3])
    const missing = await api()
      .post(`/api/v1/bookings/${booking._id}/history/9/restore`)
      .set('authorization', srdev.token)
      .send({})
    expect(missing.status).toBe(404)
  })

  it('when server code updates a booking as a job, the entry names the job and no user', async () => {
    const booking = await seedBooking(t, srdev)
    const job = { kind: 'job', name: 'payments.reconcile' } as const
    const updated = await t.context.resources.bookings.update(
      job,
      booking._id,
      { term_2: 1000 },
      { reason: 'razorpay payment' },
    )
    expect(updated).toMatchObject({ term_2: 1000, received_amount: 1000, _rev: 2 })
    const entries = await auditOf(t, booking._id)
    expect(entries[0]).toMatchObject({ action: 'create', actor: { kind: 'job', name: 'test.seed' } })
    expect(entries[1]).toMatchObject({
      action: 'update',
      revision: 2,
      reason: 'razorpay payment',
      actor: { kind: 'job', name: 'payments.reconcile' },
    })
    expect(entries[1]?.actor).not.toHaveProperty('id')
    expect(entries[1]?.requestId).toBeNull()
  })
})

describe('bookings: validation', () => {
  it('when PAN, GST and email are malformed, responds 400 naming each field and stores nothing', async () => {
    const before = await t.context.resources.bookings.model.countDocuments()
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ pan: 'ABC123', gst: '22AAAAA0000A1Z', email: 'nope' }))
    expect(res.status).toBe(400)
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'gst', 'pan'])
    expect(await t.context.resources.bookings.model.countDocuments()).toBe(before)
  })

  it('when the terms add up to more than the total or an amount is negative, responds 400 and stores nothing', async () => {
    const over = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ total_amount: 100, term_1: 80, term_2: 30 }))
    expect(over.status).toBe(400)
    expect(over.body.details).toEqual([{ path: 'received_amount', message: expect.stringContaining('total_amount') }])
    const negative = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ term_3: -5 }))
    expect(negative.status).toBe(400)
    expect(negative.body.details[0].path).toBe('term_3')
    const booking = await seedBooking(t, srdev, { total_amount: 100 })
    const patch = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ term_1: 101 })
    expect(patch.status).toBe(400)
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 0, _rev: 1 })
  })

  it('when a valid GSTIN and a lower-case PAN are sent, stores them upper-cased', async () => {
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ pan: 'abcde1234f', gst: '22AAAAA0000A1Z5' }))
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ pan: 'ABCDE1234F', gst: '22AAAAA0000A1Z5' })
  })
})

describe('bookings: admin may update everything except services', () => {
  it('when admin changes services, responds 403 naming services and changes nothing', async () => {
    const admin = await createUser(t, { role: 'admin' })
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', admin.token)
      .send({ services: ['GST Filing'], status: 'Completed' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('services') })
    expect(await storedBooking(t, booking._id)).toMatchObject({
      services: ['MSME Registration'],
      status: 'Pending',
      _rev: 1,
    })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when admin sends the unchanged services with other changes, responds 200 and audits admin', async () => {
    const admin = await createUser(t, { role: 'admin' })
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', admin.token)
      .send({ services: ['MSME Registration'], status: 'Completed' })
    expect(res.status).toBe(200)
    const entries = await auditOf(t, booking._id)
    expect(entries[1]).toMatchObject({
      actor: { id: admin.id, role: 'admin' },
      changes: [{ path: 'status', before: 'Pending', after: 'Completed' }],
    })
  })
})
