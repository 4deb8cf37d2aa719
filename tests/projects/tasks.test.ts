import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, pathsOf, projectBody, stored, trail, unique } from './helpers.js'

let t: TestApp
let manager: TestUser
let asha: TestUser
let projectId: string
let leadId: string

beforeAll(async () => {
  t = await buildTestApp('project_tasks')
  manager = await createUser(t, { role: 'srdev' })
  asha = await createUser(t, { role: 'user', name: 'Asha' })
  projectId = (await created(t, manager, 'projects', projectBody()))._id
  leadId = (await created(t, manager, 'leads', { name: 'Meera', email: `meera.${unique()}@example.com` }))._id
})
afterAll(() => t.close())

const api = () => request(t.app)
const count = () => t.context.resources.tasks.model.collection.countDocuments({})
const task = (overrides: Record<string, unknown>) => ({ name: `Task ${unique()}`, assignees: [asha.id], ...overrides })

describe('a task belongs to a project or a lead', () => {
  it('when neither is given, responds 400 naming project and lead and stores nothing', async () => {
    const before = await count()
    const res = await api().post('/api/v1/tasks').set(as(manager)).send(task({})).expect(400)
    expect(pathsOf(res.body)).toEqual(['project', 'lead'])
    expect(await count()).toBe(before)
  })

  it('when both are given, responds 400 naming project and lead and stores nothing', async () => {
    const before = await count()
    const res = await api()
      .post('/api/v1/tasks')
      .set(as(manager))
      .send(task({ project: projectId, lead: leadId }))
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['project', 'lead'])
    expect(await count()).toBe(before)
  })

  it('when a task names a lead only, it is stored with the lead and audited', async () => {
    const made = await created(t, manager, 'tasks', task({ lead: leadId }))
    expect(made).toMatchObject({ lead: leadId, status: 'todo' })
    expect(made.project ?? null).toBeNull()
    expect((await trail(t, made._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when an update would add a project to a lead task, responds 400 and keeps it', async () => {
    const made = await created(t, manager, 'tasks', task({ lead: leadId }))
    const res = await api().patch(`/api/v1/tasks/${made._id}`).set(as(manager)).send({ project: projectId }).expect(400)
    expect(pathsOf(res.body)).toEqual(['project', 'lead'])
    expect((await stored(t, 'tasks', made._id))?.project ?? null).toBeNull()
  })

  it('when the project named does not exist, responds 400 naming project', async () => {
    const res = await api()
      .post('/api/v1/tasks')
      .set(as(manager))
      .send(task({ project: '0123456789abcdef01234567' }))
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['project'])
  })
})

describe('task status', () => {
  it('when a task is moved from todo straight to done, responds 409 naming its state and changes nothing', async () => {
    const made = await created(t, manager, 'tasks', task({ project: projectId }))
    const res = await api()
      .post(`/api/v1/tasks/${made._id}/transition`)
      .set(as(manager))
      .send({ to: 'done' })
      .expect(409)
    expect(res.body.details).toEqual([{ path: 'status', message: 'is todo' }])
    expect((await stored(t, 'tasks', made._id))?.status).toBe('todo')
    expect((await trail(t, made._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when a task goes step by step, each step is stored and audited as a transition', async () => {
    const made = await created(t, manager, 'tasks', task({ project: projectId }))
    for (const to of ['in_progress', 'review', 'done']) {
      const res = await api().post(`/api/v1/tasks/${made._id}/transition`).set(as(manager)).send({ to }).expect(200)
      expect(res.body.data.status).toBe(to)
    }
    expect((await stored(t, 'tasks', made._id))?.status).toBe('done')
    const steps = (await trail(t, made._id)).slice(1)
    expect(steps.map((entry) => [entry.action, entry.reason])).toEqual([
      ['transition', 'start'],
      ['transition', 'submit'],
      ['transition', 'finish'],
    ])
  })

  it('when the due date is before the start date, responds 400 naming dueDate', async () => {
    const res = await api()
      .post('/api/v1/tasks')
      .set(as(manager))
      .send(task({ project: projectId, startDate: '2026-03-10', dueDate: '2026-03-01' }))
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['dueDate'])
  })
})
