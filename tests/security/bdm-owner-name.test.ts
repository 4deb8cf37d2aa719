import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { adminLogin, postForm, resourceUrl } from '../admin/admin-session.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, storedBooking } from '../setup/resource-app.js'

// Finding 8 (seed 1's hole §2.11.4): `bdm` came from the client, so a bdm could credit a booking to another bdm,
// and reports and the bdmName filter trusted it. Now it is the owner user's stored name, on every door.

let t: TestApp
let ravi: TestUser
let priya: TestUser
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('bdm-owner-name')
  ravi = await createUser(t, { role: 'bdm', name: 'Ravi Kumar' })
  priya = await createUser(t, { role: 'bdm', name: 'Priya Nair' })
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe("bookings: bdm is the owner user's name, whatever the client sends", () => {
  it("when a bdm creates a booking naming another bdm (v1), it is stored and audited under the bdm's own name", async () => {
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', ravi.token)
      .send(bookingPayload({ bdm: 'Priya Nair' }))
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ bdm: 'Ravi Kumar', user_id: ravi.id })
    expect(await storedBooking(t, res.body.data._id as string)).toMatchObject({ bdm: 'Ravi Kumar' })
    const [entry] = await auditOf(t, res.body.data._id as string)
    expect(entry?.changes.find((c) => c.path === 'bdm')?.after).toBe('Ravi Kumar')
  })

  it('when a bdm does the same through the legacy door, the bdmName filter credits only the real seller', async () => {
    const res = await api()
      .post('/booking/addbooking')
      .set('authorization', ravi.token)
      .send({ ...bookingPayload({ bdm: 'Priya Nair' }), user_id: ravi.id })
    expect(res.status).toBe(201)
    expect(res.body.booking.bdm).toBe('Ravi Kumar')
    const filter = await api().get('/booking/bookings/filter?bdmName=Priya').set('authorization', srdev.token)
    expect(filter.status).toBe(200)
    expect(JSON.stringify(filter.body)).not.toContain(res.body.booking_id as string)
  })

  it('when a bdm creates one in the admin panel naming someone else, the stored bdm is their own name', async () => {
    const agent = await adminLogin(t, ravi)
    const payload = bookingPayload({ bdm: 'Priya Nair', company_name: 'Panel Credit Co' })
    const res = await postForm(agent, resourceUrl('Booking', 'new'), payload)
    expect(res.status).toBe(200)
    const stored = await t.context.resources.bookings.model.collection.findOne({ company_name: 'Panel Credit Co' })
    expect(stored).toMatchObject({ bdm: 'Ravi Kumar', user_id: ravi.id })
  })

  it('when srdev sets the owner alone, bdm follows the owner; owner and bdm together are kept as given', async () => {
    const alone = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ bdm: undefined, user_id: priya.id }))
    expect(alone.status).toBe(201)
    expect(alone.body.data).toMatchObject({ bdm: 'Priya Nair', user_id: priya.id })
    const both = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ bdm: 'Priya N. (Noida)', user_id: priya.id }))
    expect(both.body.data).toMatchObject({ bdm: 'Priya N. (Noida)', user_id: priya.id })
    const moved = await api()
      .patch(`/api/v1/bookings/${alone.body.data._id as string}`)
      .set('authorization', srdev.token)
      .send({ user_id: ravi.id })
    expect(moved.status).toBe(200)
    expect(moved.body.data).toMatchObject({ bdm: 'Ravi Kumar', user_id: ravi.id })
  })

  it('when an admin edits bdm alone, it stays the owner name; an unknown owner id is a 400 naming user_id', async () => {
    const admin = await createUser(t, { role: 'admin' })
    const created = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ user_id: priya.id, bdm: undefined }))
    const edit = await api()
      .patch(`/api/v1/bookings/${created.body.data._id as string}`)
      .set('authorization', admin.token)
      .send({ bdm: 'Somebody Else', remark: 'edited' })
    expect(edit.status).toBe(200)
    expect(edit.body.data).toMatchObject({ bdm: 'Priya Nair', remark: 'edited' })
    const unknown = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ bdm: undefined, user_id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }))
    expect(unknown.status).toBe(400)
    expect(unknown.body.details).toEqual([expect.objectContaining({ path: 'user_id' })])
  })
})
