import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('bookings_conc')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe('optimistic concurrency', () => {
  it('when two editors read revision 1 and both update with If-Match, the second gets 412 REVISION_MISMATCH and changes nothing', async () => {
    const booking = await seedBooking(t, srdev)
    const read = await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token)
    const etag = read.headers.etag as string
    const first = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .set('If-Match', etag)
      .send({ remark: 'first' })
    expect(first.status).toBe(200)
    const second = await api()
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .set('If-Match', etag)
      .send({ remark: 'second' })
    expect(second.status).toBe(412)
    expect(second.body).toMatchObject({ success: false, code: 'REVISION_MISMATCH' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ remark: 'first', _rev: 2 })
    expect(await auditOf(t, booking._id)).toHaveLength(2)
  })

  it('when many updates race without If-Match, every acknowledged one has its own revision and entry', async () => {
    const booking = await seedBooking(t, srdev)
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        api()
          .patch(`/api/v1/bookings/${booking._id}`)
          .set('authorization', srdev.token)
          .send({ remark: `r${n}` }),
      ),
    )
    const ok = results.filter((res) => res.status === 200)
    expect(results.every((res) => res.status === 200 || res.status === 412)).toBe(true)
    const entries = await auditOf(t, booking._id)
    expect(entries).toHaveLength(1 + ok.length)
    expect(entries.every((entry) => entry.status === 'committed')).toBe(true)
    expect(await storedBooking(t, booking._id)).toMatchObject({ _rev: 1 + ok.length })
  })
})

describe('Idempotency-Key on create', () => {
  it('when a create is retried with the same key and body, responds with the first response and creates one booking', async () => {
    const body = bookingPayload({ company_name: `IDEM ${Date.now()}` })
    const first = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-1')
      .send(body)
    const retry = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-1')
      .send(body)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(await t.context.resources.bookings.model.countDocuments({ company_name: body.company_name })).toBe(1)
    expect(await auditOf(t, first.body.data._id)).toHaveLength(1)
  })

  it('when the same key comes with a different body, responds 409 and creates nothing more', async () => {
    const body = bookingPayload({ company_name: `IDEM2 ${Date.now()}` })
    await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-2')
      .send(body)
      .expect(201)
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-2')
      .send({ ...body, total_amount: 999 })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('CONFLICT')
    expect(await t.context.resources.bookings.model.countDocuments({ company_name: body.company_name })).toBe(1)
  })

  it('when the first attempt failed validation, a corrected retry with the same key creates the booking', async () => {
    const bad = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-3')
      .send(bookingPayload({ pan: 'x' }))
    expect(bad.status).toBe(400)
    const good = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .set('Idempotency-Key', 'key-3')
      .send(bookingPayload())
    expect(good.status).toBe(201)
  })
})
