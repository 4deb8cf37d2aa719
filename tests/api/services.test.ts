import { randomBytes } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('services')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
const value = () => `svc-${randomBytes(3).toString('hex')}`

describe('/api/v1/services', () => {
  it('when srdev creates a service, responds 201 and audits it; a duplicate value is 409 naming value', async () => {
    const body = { label: 'MSME Registration', value: value() }
    const res = await api().post('/api/v1/services').set('authorization', srdev.token).send(body)
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ ...body, status: true, _rev: 1 })
    expect(await auditOf(t, res.body.data._id)).toMatchObject([{ action: 'create', resource: 'services' }])
    const dup = await api()
      .post('/api/v1/services')
      .set('authorization', srdev.token)
      .send({ label: 'Other', value: body.value })
    expect(dup.status).toBe(409)
    expect(dup.body.details).toEqual([{ path: 'value', message: expect.any(String) }])
    expect(await t.context.resources.services.model.countDocuments({ value: body.value })).toBe(1)
  })

  it.each(['user', 'bdm', 'HR', 'admin'])(
    'when a %s lists services, responds 200 (readable by every signed-in user)',
    async (role) => {
      const user = await createUser(t, { role })
      const res = await api().get('/api/v1/services').set('authorization', user.token)
      expect(res.status).toBe(200)
      expect(res.body.meta.total).toBeGreaterThanOrEqual(1)
    },
  )

  it('when a bdm creates a service, responds 403 and stores nothing', async () => {
    const bdm = await createUser(t, { role: 'bdm' })
    const body = { label: 'X', value: value() }
    const res = await api().post('/api/v1/services').set('authorization', bdm.token).send(body)
    expect(res.status).toBe(403)
    expect(await t.context.resources.services.model.countDocuments({ value: body.value })).toBe(0)
  })
})

describe('/services/api/services (legacy)', () => {
  it('when the v1 frontend posts { name, value, status }, responds 201 { message, Service }; GET is a bare array', async () => {
    const v = value()
    const res = await api()
      .post('/services/api/services')
      .set('authorization', srdev.token)
      .send({ name: 'GST Filing', value: v, status: true })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ message: expect.any(String), Service: { label: 'GST Filing', value: v } })
    const list = await api().get('/services/api/services').set('authorization', srdev.token)
    expect(Array.isArray(list.body)).toBe(true)
    expect(list.body.map((s: { value: string }) => s.value)).toContain(v)
  })

  it('when srdev patches then deletes a service, answers { message, service } and the service leaves the list', async () => {
    const created = await api()
      .post('/services/api/services')
      .set('authorization', srdev.token)
      .send({ label: 'Old', value: value() })
    const id = created.body.Service._id as string
    const patched = await api()
      .patch(`/services/api/services/${id}`)
      .set('authorization', srdev.token)
      .send({ status: false })
    expect(patched.body).toMatchObject({ message: expect.any(String), service: { status: false } })
    const deleted = await api().delete(`/services/api/services/${id}`).set('authorization', srdev.token)
    expect(deleted.status).toBe(200)
    expect(deleted.body).toMatchObject({ message: expect.any(String), service: { _id: id } })
    const list = await api().get('/services/api/services').set('authorization', srdev.token)
    expect(list.body.map((s: { _id: string }) => s._id)).not.toContain(id)
    expect((await auditOf(t, id)).map((e) => e.action)).toEqual(['create', 'update', 'trash'])
  })

  it('when there is no token, responds 401 even for POST (seed 1 had none)', async () => {
    const res = await api().post('/services/api/services').send({ label: 'X', value: value() })
    expect(res.status).toBe(401)
  })
})
