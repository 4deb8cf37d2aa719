import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, pathsOf, projectBody, unique } from './helpers.js'

let t: TestApp
let manager: TestUser
let asha: TestUser
let vikram: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_calendar')
  manager = await createUser(t, { role: 'srdev' })
  asha = await createUser(t, { role: 'user', name: 'Asha' })
  vikram = await createUser(t, { role: 'user', name: 'Vikram' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const calendar = (user: TestUser, query: Record<string, string>) =>
  api().get('/api/v1/calendar').query(query).set(as(user))

describe('calendar range', () => {
  it.each([
    [{ to: '2026-03-31' }, 'from'],
    [{ from: '2026-03-01' }, 'to'],
    [{ from: '2026-13-01', to: '2026-12-31' }, 'from'],
    [{ from: '2026-03-31', to: '2026-03-01' }, 'to'],
    [{ from: '2026-01-01', to: '2026-04-03' }, 'to'],
  ])('when the range is %j, responds 400 naming %s', async (query, field) => {
    const res = await calendar(asha, query).expect(400)
    expect(pathsOf(res.body)).toContain(field)
  })

  it('when the range spans 92 days, it is served', async () => {
    await calendar(asha, { from: '2026-01-01', to: '2026-04-02' }).expect(200)
  })
})

describe("the caller's calendar", () => {
  it('when a user asks for a month, they get their assigned tasks and their own entries, nobody else’s', async () => {
    const project = (await created(t, manager, 'projects', projectBody()))._id
    const task = (assignee: TestUser, startDate: string, dueDate: string) =>
      created(t, manager, 'tasks', { name: `Task ${unique()}`, project, assignees: [assignee.id], startDate, dueDate })
    const mine = await task(asha, '2026-03-02', '2026-03-05')
    const spanning = await task(asha, '2026-02-20', '2026-03-01')
    await task(asha, '2026-06-01', '2026-06-05')
    await task(vikram, '2026-03-02', '2026-03-05')
    const entry = await created(t, asha, 'taskcalendars', { name: 'Dentist', date: '2026-03-03', time: '15:30' })
    const allDay = await created(t, asha, 'taskcalendars', { name: 'Offsite', date: '2026-03-31' })
    await created(t, vikram, 'taskcalendars', { name: 'Vikram only', date: '2026-03-03' })

    const res = await calendar(asha, { from: '2026-03-01', to: '2026-03-31' }).expect(200)
    const items = res.body.data as Array<Record<string, unknown>>
    expect(items.map((item) => item.id).sort()).toEqual([mine._id, spanning._id, entry._id, allDay._id].sort())
    expect(items.find((item) => item.id === entry._id)).toEqual({
      type: 'entry',
      id: entry._id,
      title: 'Dentist',
      start: '2026-03-03T15:30:00.000Z',
      end: '2026-03-03T15:30:00.000Z',
      allDay: false,
    })
    expect(items.find((item) => item.id === mine._id)).toMatchObject({
      type: 'task',
      title: mine.name,
      start: '2026-03-02T00:00:00.000Z',
      end: '2026-03-05T00:00:00.000Z',
      allDay: true,
    })
    expect(res.body.meta.total).toBe(4)
  })

  it('when an entry is trashed, it leaves the calendar', async () => {
    const entry = await created(t, vikram, 'taskcalendars', { name: 'Call', date: '2026-05-05' })
    await api().delete(`/api/v1/taskcalendars/${entry._id}`).set(as(vikram)).expect(200)
    const res = await calendar(vikram, { from: '2026-05-01', to: '2026-05-31' }).expect(200)
    expect((res.body.data as Array<{ id: string }>).map((item) => item.id)).not.toContain(entry._id)
  })

  it("when a user reads another's calendar entry directly, responds 404", async () => {
    const entry = await created(t, vikram, 'taskcalendars', { name: 'Private', date: '2026-05-06' })
    await api().get(`/api/v1/taskcalendars/${entry._id}`).set(as(asha)).expect(404)
    const list = await api().get('/api/v1/taskcalendars').set(as(asha)).expect(200)
    expect((list.body.data as Array<{ _id: string }>).map((item) => item._id)).not.toContain(entry._id)
  })
})
