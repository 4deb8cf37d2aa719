import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { as, created, projectBody } from '../helpers.js'

// Enabled by the lead after merging notifications from `events`. Reads the inbox through the notifications branch's
// route; adjust the path if it differs (`GET /api/v1/notifications`, the caller's own inbox, is assumed).

let t: TestApp
let manager: TestUser
let asha: TestUser
let vikram: TestUser

beforeAll(async () => {
  t = await buildTestApp('task_notifications_after_merge')
  manager = await createUser(t, { role: 'srdev' })
  asha = await createUser(t, { role: 'user' })
  vikram = await createUser(t, { role: 'user' })
})
afterAll(() => t.close())

const inbox = async (user: TestUser) =>
  (await request(t.app).get('/api/v1/notifications').set(as(user)).expect(200)).body.data as Array<
    Record<string, unknown>
  >

describe('task assigned', () => {
  it('when a task is created with an assignee, the assignee is told and the creator is not', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const task = await created(t, manager, 'tasks', { name: 'Review copy', project: project._id, assignees: [asha.id] })
    const mine = await inbox(asha)
    expect(mine.some((n) => JSON.stringify(n).includes('task.assigned') && JSON.stringify(n).includes(task._id))).toBe(
      true,
    )
    expect((await inbox(manager)).some((n) => JSON.stringify(n).includes(task._id))).toBe(false)
  })

  it('when an assignee is added to a task, the new assignee is told', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const task = await created(t, manager, 'tasks', { name: 'QA', project: project._id, assignees: [asha.id] })
    await request(t.app)
      .patch(`/api/v1/tasks/${task._id}`)
      .set(as(manager))
      .send({ assignees: [asha.id, vikram.id] })
      .expect(200)
    expect((await inbox(vikram)).some((n) => JSON.stringify(n).includes(task._id))).toBe(true)
  })
})
