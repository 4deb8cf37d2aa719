import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, stored, trail, unique } from './helpers.js'

let t: TestApp
let srdev: TestUser
let plain: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_features')
  srdev = await createUser(t, { role: 'srdev' })
  plain = await createUser(t, { role: 'user' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const count = () => t.context.resources.features.model.collection.countDocuments({})

describe('feature switches', () => {
  it('when a plain user reads the features, they get the list and each one', async () => {
    const feature = await created(t, srdev, 'features', { key: `hrm.payroll-${unique()}`, enabled: true })
    const list = await api().get('/api/v1/features').query({ enabled: 'true' }).set(as(plain)).expect(200)
    expect((list.body.data as Array<{ _id: string }>).map((item) => item._id)).toContain(feature._id)
    const one = await api().get(`/api/v1/features/${feature._id}`).set(as(plain)).expect(200)
    expect(one.body.data).toMatchObject({ key: feature.key, enabled: true, audience: [] })
  })

  it('when a plain user tries to create, change or trash one, responds 403 and nothing changes', async () => {
    const feature = await created(t, srdev, 'features', { key: `crm.deals-${unique()}` })
    const before = await count()
    await api()
      .post('/api/v1/features')
      .set(as(plain))
      .send({ key: `sneaky-${unique()}` })
      .expect(403)
    expect(await count()).toBe(before)
    await api().patch(`/api/v1/features/${feature._id}`).set(as(plain)).send({ enabled: true }).expect(403)
    await api().delete(`/api/v1/features/${feature._id}`).set(as(plain)).expect(403)
    const kept = await stored(t, 'features', feature._id)
    expect(kept).toMatchObject({ enabled: false, deletedAt: null })
    expect((await trail(t, feature._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when the key is not lower-case words or is taken, responds 400 or 409 naming key', async () => {
    const bad = await api().post('/api/v1/features').set(as(srdev)).send({ key: 'Has Spaces' }).expect(400)
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['key'])
    const key = `projects.gantt-${unique()}`
    await created(t, srdev, 'features', { key })
    const twice = await api().post('/api/v1/features').set(as(srdev)).send({ key }).expect(409)
    expect(JSON.stringify(twice.body)).toContain('key')
  })
})
