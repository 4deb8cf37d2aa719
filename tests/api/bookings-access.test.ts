import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let bdm: TestUser
let other: TestUser
let srdev: TestUser
let mine: Record<string, unknown> & { _id: string }
let theirs: Record<string, unknown> & { _id: string }
const spoof = { 'user-role': 'srdev', 'user-name': 'Boss' }

beforeAll(async () => {
  t = await buildTestApp('bookings_access')
  bdm = await createUser(t, { role: 'bdm', name: 'Ravi' })
  other = await createUser(t, { role: 'bdm', name: 'Kiran' })
  srdev = await createUser(t, { role: 'srdev' })
  mine = await seedBooking(t, bdm, { company_name: 'SHARED WORD MINE' })
  theirs = await seedBooking(t, other, { company_name: 'SHARED WORD THEIRS' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe('a bdm sees only their own bookings through every v1 route', () => {
  it("when a bdm asks for another user's booking, responds 404 and reveals nothing", async () => {
    const res = await api().get(`/api/v1/bookings/${theirs._id}`).set('authorization', bdm.token).set(spoof)
    expect(res.status).toBe(404)
    expect(JSON.stringify(res.body)).not.toContain('THEIRS')
  })

  it('when a bdm lists or searches with a spoofed role and user_id, gets only their own booking and count', async () => {
    const list = await api()
      .get(`/api/v1/bookings?q=shared word&user_id=${other.id}`)
      .set('authorization', bdm.token)
      .set(spoof)
    expect(list.status).toBe(200)
    expect(list.body.data).toEqual([])
    expect(list.body.meta.total).toBe(0)
    const search = await api().get('/api/v1/bookings?q=shared%20word').set('authorization', bdm.token).set(spoof)
    expect(search.body.data.map((b: { _id: string }) => b._id)).toEqual([mine._id])
    expect(search.body.meta.total).toBe(1)
  })

  it('when a bdm exports (no export grant), responds 403 and no CSV row leaves; srdev gets every row', async () => {
    const res = await api().get('/api/v1/bookings/export.csv').set('authorization', bdm.token).set(spoof)
    expect(res.status).toBe(403)
    const srdevCsv = await api().get('/api/v1/bookings/export.csv?q=shared').set('authorization', srdev.token)
    expect(srdevCsv.text).toContain('THEIRS')
  })

  it('when a bdm creates a booking without user_id, it is theirs; for someone else, responds 403 and stores nothing', async () => {
    const ok = await api().post('/api/v1/bookings').set('authorization', bdm.token).send(bookingPayload())
    expect(ok.status).toBe(201)
    expect(ok.body.data.user_id).toBe(bdm.id)
    const count = await t.context.resources.bookings.model.countDocuments({ user_id: other.id })
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', bdm.token)
      .set(spoof)
      .send(bookingPayload({ user_id: other.id }))
    expect(res.status).toBe(403)
    expect(await t.context.resources.bookings.model.countDocuments({ user_id: other.id })).toBe(count)
  })

  it('when a bdm sending user-role: srdev tries to trash, update or see the trash, responds 403 and nothing changes', async () => {
    const trash = await api().delete(`/api/v1/bookings/${mine._id}`).set('authorization', bdm.token).set(spoof).send({})
    expect(trash.status).toBe(403)
    const patch = await api()
      .patch(`/api/v1/bookings/${mine._id}`)
      .set('authorization', bdm.token)
      .set(spoof)
      .send({ status: 'Completed' })
    expect(patch.status).toBe(403)
    const trashList = await api().get('/api/v1/bookings?trashed=only').set('authorization', bdm.token).set(spoof)
    expect(trashList.status).toBe(403)
    expect(await storedBooking(t, mine._id)).toMatchObject({ deletedAt: null, status: 'Pending', _rev: 1 })
    expect(await auditOf(t, mine._id)).toHaveLength(1)
  })

  it('when a dev (no destroy permission) asks for a permanent delete, responds 403', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const booking = await seedBooking(t, bdm)
    await api().delete(`/api/v1/bookings/${booking._id}`).set('authorization', dev.token).send({})
    const res = await api().delete(`/api/v1/bookings/${booking._id}/permanent`).set('authorization', dev.token).send({})
    expect(res.status).toBe(403)
    expect(await storedBooking(t, booking._id)).not.toBeNull()
  })

  it('when a user without booking grants lists bookings, responds 403', async () => {
    const user = await createUser(t, { role: 'user' })
    const res = await api().get('/api/v1/bookings').set('authorization', user.token)
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('FORBIDDEN')
  })
})
