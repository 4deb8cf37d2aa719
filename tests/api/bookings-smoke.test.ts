import request from 'supertest'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload } from '../setup/resource-app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('bookings_smoke')
})
afterAll(async () => {
  await t.close()
})

it('smoke', async () => {
  const srdev = await createUser(t, { role: 'srdev' })
  const res = await request(t.app)
    .post('/api/v1/bookings')
    .set('authorization', srdev.token)
    .send(bookingPayload({ term_1: 500 }))
  console.log(res.status, res.body, res.headers.etag)
  const id = res.body.data._id as string
  const up = await request(t.app)
    .patch(`/api/v1/bookings/${id}`)
    .set('authorization', srdev.token)
    .set('If-Match', res.headers.etag as string)
    .send({ status: 'Completed' })
  console.log(up.status, up.body)
  const list = await request(t.app)
    .get('/api/v1/bookings?status=Completed&sort=-date&limit=5')
    .set('authorization', srdev.token)
  console.log(list.status, list.body.meta, list.body.data?.length, list.body)
  console.log(JSON.stringify(await auditOf(t, id), null, 1))
  const h = await request(t.app).get(`/api/v1/bookings/${id}/history`).set('authorization', srdev.token)
  console.log(h.status, h.body.data?.length)
  const csv = await request(t.app).get('/api/v1/bookings/export.csv').set('authorization', srdev.token)
  console.log(csv.status, csv.text)
  expect(res.status).toBe(201)
})
