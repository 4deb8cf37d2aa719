import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { bindTasks, contextWithTasks, inboxOf } from './task-resource.js'

// The same events through the REST door: the real app built on a context whose resource list holds the test
// resource, so the generic router serves /api/v1/notify_tasks like any catalogue resource.

let t: TestApp
let app: Express
let tasks: ResourceService
let tasker: TestUser
let assignee: TestUser

beforeAll(async () => {
  t = await buildTestApp('notify_rest')
  tasks = bindTasks(t)
  app = buildApp(contextWithTasks(t, tasks))
  // A role granting the test resource, stored as srdev would through /api/v1/roles (whose schema knows only the
  // catalogue's resources, hence the collection write).
  await t.context.models.roles.collection.insertOne({
    name: 'tasker',
    description: 'test role',
    grants: [
      {
        resource: 'notify_tasks',
        actions: ['read', 'create', 'update'],
        scope: 'all',
        maskedFields: [],
        readonlyFields: [],
      },
    ],
  })
  tasker = await createUser(t, { role: 'tasker', name: 'Tasker' })
  assignee = await createUser(t, { name: 'Assignee' })
})
afterAll(async () => {
  await t.close()
})

describe('domain events through REST', () => {
  it('when a task is created, updated and completed over REST, the assignee hears of each before the response', async () => {
    const created = await request(app)
      .post('/api/v1/notify_tasks')
      .set('authorization', tasker.token)
      .send({ title: 'Over the wire', assignees: [assignee.id, tasker.id] })
    expect(created.status).toBe(201)
    const id = created.body.data._id as string
    expect((await inboxOf(t, assignee)).map((n) => n.kind)).toEqual(['task.assigned'])

    const updated = await request(app)
      .patch(`/api/v1/notify_tasks/${id}`)
      .set('authorization', tasker.token)
      .send({ assignees: [assignee.id] })
    expect(updated.status).toBe(200)

    const completed = await request(app)
      .post(`/api/v1/notify_tasks/${id}/complete`)
      .set('authorization', tasker.token)
      .send({})
    expect(completed.status).toBe(200)
    expect((await inboxOf(t, assignee)).map((n) => [n.kind, n.actor])).toEqual([
      ['task.assigned', `user:${tasker.id}`],
      ['task.reassigned', `user:${tasker.id}`],
      ['task.completed', `user:${tasker.id}`],
    ])
    // The actor is told nothing, not even as an assignee of their own task.
    expect(await inboxOf(t, tasker)).toEqual([])
    expect((await auditOf(t, id)).map((e) => [e.action, e.status])).toEqual([
      ['create', 'committed'],
      ['update', 'committed'],
      ['transition', 'committed'],
    ])

    const inbox = await request(app).get('/api/v1/notifications').set('authorization', assignee.token)
    expect(inbox.body.meta.total).toBe(3)
  })
})
