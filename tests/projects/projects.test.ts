import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, pathsOf, projectBody, stored, trail } from './helpers.js'

let t: TestApp
let manager: TestUser
let asha: TestUser
let vikram: TestUser

beforeAll(async () => {
  t = await buildTestApp('projects')
  manager = await createUser(t, { role: 'dev' })
  asha = await createUser(t, { role: 'user', name: 'Asha' })
  vikram = await createUser(t, { role: 'user', name: 'Vikram' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const count = () => t.context.resources.projects.model.collection.countDocuments({})

describe('project dates', () => {
  it('when the end date is before the start date, responds 400 naming endDate and stores nothing', async () => {
    const before = await count()
    const res = await api()
      .post('/api/v1/projects')
      .set(as(manager))
      .send(projectBody({ startDate: '2026-05-01', endDate: '2026-04-30' }))
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['endDate'])
    expect(await count()).toBe(before)
  })

  it('when an update moves the start after the end, responds 400 naming endDate and keeps the stored dates', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const res = await api()
      .patch(`/api/v1/projects/${project._id}`)
      .set(as(manager))
      .send({ startDate: '2026-07-01' })
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['endDate'])
    expect((await stored(t, 'projects', project._id))?.startDate).toEqual(new Date('2026-01-01'))
    expect((await trail(t, project._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when a project is created, its status starts not_started and its total budget is its budget', async () => {
    const project = await created(t, manager, 'projects', projectBody({ budget: 12_345_00 }))
    expect(project).toMatchObject({ status: 'not_started', totalBudget: 12_345_00, milestoneCosts: 0 })
  })
})

describe('project members', () => {
  it('when a manager adds a member, the member is stored and the change is audited with its reason', async () => {
    const project = await created(t, manager, 'projects', projectBody({ memberIds: [manager.id] }))
    const res = await api()
      .post(`/api/v1/projects/${project._id}/members`)
      .set(as(manager))
      .send({ userId: asha.id })
      .expect(200)
    expect(res.body.data.memberIds).toEqual([manager.id, asha.id])
    expect((await stored(t, 'projects', project._id))?.memberIds?.toString()).toBe(`${manager.id},${asha.id}`)
    const last = (await trail(t, project._id)).at(-1)
    expect(last).toMatchObject({ action: 'update', reason: `member ${asha.id} added` })
    expect(last?.actor).toMatchObject({ id: manager.id })
  })

  it("when a manager removes a member (and through seed 2's paths), each removal is audited", async () => {
    const project = await created(t, manager, 'projects', projectBody({ memberIds: [asha.id, vikram.id] }))
    await api().delete(`/api/v1/projects/${project._id}/members/${asha.id}`).set(as(manager)).expect(200)
    await api()
      .post(`/api/v1/projects/membersadd/${project._id}`)
      .set(as(manager))
      .send({ userId: manager.id })
      .expect(200)
    const res = await api()
      .post(`/api/v1/projects/membersdelete/${project._id}`)
      .set(as(manager))
      .send({ userId: vikram.id })
      .expect(200)
    expect(res.body.data.memberIds).toEqual([manager.id])
    const reasons = (await trail(t, project._id)).map((entry) => entry.reason)
    expect(reasons.slice(1)).toEqual([
      `member ${asha.id} removed`,
      `member ${manager.id} added`,
      `member ${vikram.id} removed`,
    ])
  })

  it('when the user is already a member, or not one, or unknown, responds 4xx naming userId and changes nothing', async () => {
    const project = await created(t, manager, 'projects', projectBody({ memberIds: [asha.id] }))
    const base = `/api/v1/projects/${project._id}/members`
    const twice = await api().post(base).set(as(manager)).send({ userId: asha.id }).expect(409)
    expect(pathsOf(twice.body)).toEqual(['userId'])
    const absent = await api().delete(`${base}/${vikram.id}`).set(as(manager)).expect(409)
    expect(pathsOf(absent.body)).toEqual(['userId'])
    const unknown = await api().post(base).set(as(manager)).send({ userId: '0123456789abcdef01234567' }).expect(400)
    expect(pathsOf(unknown.body)).toEqual(['userId'])
    const malformed = await api().post(base).set(as(manager)).send({ userId: 'asha' }).expect(400)
    expect(pathsOf(malformed.body)).toEqual(['userId'])
    expect((await trail(t, project._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when a plain member tries to add someone, it is refused and nothing changes', async () => {
    const project = await created(t, manager, 'projects', projectBody({ memberIds: [asha.id] }))
    const res = await api().post(`/api/v1/projects/${project._id}/members`).set(as(asha)).send({ userId: vikram.id })
    expect([403, 404]).toContain(res.status)
    expect((await stored(t, 'projects', project._id))?.memberIds?.toString()).toBe(asha.id)
  })

  it('when members list projects, each sees only the projects naming them; a manager sees all', async () => {
    const hers = await created(t, manager, 'projects', projectBody({ memberIds: [asha.id] }))
    const his = await created(t, manager, 'projects', projectBody({ memberIds: [vikram.id] }))
    const ids = async (user: TestUser) =>
      (
        (await api().get('/api/v1/projects').query({ limit: 100 }).set(as(user)).expect(200)).body.data as Array<{
          _id: string
        }>
      ).map((project) => project._id)
    expect(await ids(asha)).toContain(hers._id)
    expect(await ids(asha)).not.toContain(his._id)
    expect(await ids(manager)).toEqual(expect.arrayContaining([hers._id, his._id]))
  })
})

describe('project status', () => {
  it('when a project is completed straight from not_started, responds 409 naming the state', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const res = await api().post(`/api/v1/projects/${project._id}/complete`).set(as(manager)).expect(409)
    expect(res.body.details).toEqual([{ path: 'status', message: 'is not_started' }])
    await api().post(`/api/v1/projects/${project._id}/start`).set(as(manager)).expect(200)
    await api().post(`/api/v1/projects/${project._id}/hold`).set(as(manager)).expect(200)
    await api().post(`/api/v1/projects/${project._id}/resume`).set(as(manager)).expect(200)
    const done = await api().post(`/api/v1/projects/${project._id}/complete`).set(as(manager)).expect(200)
    expect(done.body.data.status).toBe('completed')
    expect((await stored(t, 'projects', project._id))?.status).toBe('completed')
  })
})
