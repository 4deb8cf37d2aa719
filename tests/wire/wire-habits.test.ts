import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('wire_habits')
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe("PUT /api/v1/<resource>/:id: seed 2's full update", () => {
  it('when the body is a complete booking, replaces it: absent optional fields go back to their defaults, audited as an update', async () => {
    const booking = await seedBooking(t, srdev, { remark: 'first call', term_1: 500, bank: 'Cash' })
    const body = bookingPayload({ contact_person: 'Asha Rao', company_name: 'NEW CO', bank: undefined, gst: undefined })
    const res = await api()
      .put(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .set('If-Match', 'W/"1"')
      .send(body)
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('W/"2"')
    expect(res.body).toMatchObject({ success: true, message: 'Booking updated' })
    expect(res.body.data).toMatchObject({ _id: booking._id, id: booking._id, contact_person: 'Asha Rao' })
    const stored = await storedBooking(t, booking._id)
    // remark, term_1 and bank were not sent: a full replace resets them; the owner is kept.
    expect(stored).toMatchObject({ contact_person: 'Asha Rao', remark: '', term_1: 0, bank: '', gst: 'N/A' })
    expect(stored).toMatchObject({ user_id: srdev.id, received_amount: 0, _rev: 2 })
    const entries = await auditOf(t, booking._id)
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({ action: 'update', revision: 2, actor: { kind: 'user', id: srdev.id } })
    const paths = entries[1]?.changes.map((change) => change.path)
    expect(paths).toEqual(expect.arrayContaining(['contact_person', 'remark', 'term_1', 'bank']))
  })

  it('when a required field is missing, responds 400 naming it and changes nothing', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .put(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send(bookingPayload({ contact_person: undefined }))
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'contact_person' })])
    expect(await storedBooking(t, booking._id)).toMatchObject({ contact_person: booking.contact_person, _rev: 1 })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when If-Match names an older revision, responds 412 and changes nothing', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .put(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .set('If-Match', 'W/"7"')
      .send(bookingPayload())
    expect(res.status).toBe(412)
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('a role without update on the resource gets 403', async () => {
    const user = await createUser(t, { role: 'user' })
    const service = await t.context.resources.services.create(
      { kind: 'job', name: 'test.seed' },
      { label: 'GST filing', value: 'gst-filing-put' },
    )
    const res = await api()
      .put(`/api/v1/services/${String(service._id)}`)
      .set('authorization', user.token)
      .send({ label: 'Changed', value: 'changed' })
    expect(res.status).toBe(403)
  })
})

describe('`message` and `id` on every /api/v1 resource route', () => {
  it('create, list, get, patch, trash, restore and history carry a message; every record carries id = _id', async () => {
    const created = await api()
      .post('/api/v1/services')
      .set('authorization', srdev.token)
      .send({ label: 'Trademark', value: 'trademark-wire' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ success: true, message: 'Service created', meta: {} })
    const id = created.body.data._id as string
    expect(created.body.data.id).toBe(id)
    expect(Object.keys(created.body.data).slice(0, 2)).toEqual(['_id', 'id'])

    const list = await api().get('/api/v1/services?q=trademark-wire').set('authorization', srdev.token)
    expect(list.body).toMatchObject({ success: true, message: 'Services fetched', meta: { total: 1 } })
    expect(list.body.data[0]).toMatchObject({ _id: id, id })

    const one = await api().get(`/api/v1/services/${id}`).set('authorization', srdev.token)
    expect(one.body).toMatchObject({ message: 'Service fetched', data: { _id: id, id } })

    const patched = await api()
      .patch(`/api/v1/services/${id}`)
      .set('authorization', srdev.token)
      .send({ status: false })
    expect(patched.body).toMatchObject({ message: 'Service updated', data: { id, status: false } })

    const trashed = await api().delete(`/api/v1/services/${id}`).set('authorization', srdev.token)
    expect(trashed.body).toMatchObject({ message: 'Service moved to the trash', data: { id } })

    const restored = await api().post(`/api/v1/services/${id}/restore`).set('authorization', srdev.token)
    expect(restored.body).toMatchObject({ message: 'Service restored', data: { id } })

    const history = await api().get(`/api/v1/services/${id}/history`).set('authorization', srdev.token)
    expect(history.body).toMatchObject({ success: true, message: 'History fetched', meta: { total: 4 } })
  })

  it('a workflow transition answers with the record, its id and the new state in the message', async () => {
    const lead = await api()
      .post('/api/v1/leads')
      .set('authorization', srdev.token)
      .send({ name: 'Kiran Patel', email: 'kiran.wire@example.com', phoneNumber: '9876501234' })
    expect(lead.status).toBe(201)
    const id = lead.body.data.id as string
    const moved = await api()
      .post(`/api/v1/leads/${id}/transition`)
      .set('authorization', srdev.token)
      .send({ to: 'contacted' })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ message: 'Lead is now contacted', data: { _id: id, id, status: 'contacted' } })
  })
})
