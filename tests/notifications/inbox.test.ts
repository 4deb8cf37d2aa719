import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { notificationModel } from '../../src/notifications/notification.js'
import { createUser, storedUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bindTasks, inboxOf } from './task-resource.js'

// /api/v1/notifications: each signed-in user's own inbox, and nobody else's; and the email opt-in.

let t: TestApp
let tasks: ResourceService
const job: Actor = { kind: 'job', name: 'test.inbox' }

beforeAll(async () => {
  t = await buildTestApp('notify_inbox')
  tasks = bindTasks(t)
})
afterAll(async () => {
  await t.close()
})

/** Creates `count` tasks assigned to the users, oldest first; answers their titles. */
async function assign(users: TestUser[], count: number): Promise<string[]> {
  const titles: string[] = []
  for (let i = 1; i <= count; i += 1) {
    const title = `Task ${String(i)} ${users.map((u) => u.name).join('+')}`
    await tasks.create(job, { title, assignees: users.map((u) => u.id) })
    titles.push(title)
  }
  return titles
}

const paths = (res: request.Response): string[] => (res.body.details as { path: string }[]).map((d) => d.path)

describe('GET /api/v1/notifications', () => {
  it('when a user lists their inbox, they get only their own, newest first, paged, with the unread filter', async () => {
    const asha = await createUser(t, { name: 'Asha' })
    const other = await createUser(t, { name: 'Other' })
    const titles = await assign([asha], 3)
    await assign([other], 2)
    const [oldest] = await inboxOf(t, asha)
    await notificationModel(t.context.db.connection).updateOne({ _id: oldest?._id }, { read: true, readAt: new Date() })

    const page = await request(t.app).get('/api/v1/notifications?limit=2').set('authorization', asha.token)
    expect(page.status).toBe(200)
    expect(page.body.meta).toEqual({ page: 1, limit: 2, total: 3 })
    expect((page.body.data as { message: string }[]).map((n) => n.message)).toEqual([
      `You were assigned "${titles[2] ?? ''}"`,
      `You were assigned "${titles[1] ?? ''}"`,
    ])
    expect(page.body.data[0]).toMatchObject({ kind: 'task.assigned', resource: 'notify_tasks', read: false })
    expect(page.body.data[0]).not.toHaveProperty('recipient')

    const unread = await request(t.app).get('/api/v1/notifications?unread=true').set('authorization', asha.token)
    expect(unread.body.meta.total).toBe(2)
    expect((unread.body.data as { read: boolean }[]).every((n) => !n.read)).toBe(true)

    const count = await request(t.app).get('/api/v1/notifications/unread-count').set('authorization', asha.token)
    expect(count.body).toMatchObject({ success: true, data: { count: 2 } })
  })

  it('when the query is malformed, responds 400 naming the field', async () => {
    const user = await createUser(t)
    const res = await request(t.app)
      .get('/api/v1/notifications?unread=maybe&limit=500')
      .set('authorization', user.token)
    expect(res.status).toBe(400)
    expect(paths(res).sort()).toEqual(['limit', 'unread'])
  })

  it('when nobody is signed in, responds 401', async () => {
    expect((await request(t.app).get('/api/v1/notifications')).status).toBe(401)
    expect((await request(t.app).post('/api/v1/notifications/read-all')).status).toBe(401)
  })

  it('when a client tries to create or delete a notification, there is no such endpoint and nothing is stored', async () => {
    const user = await createUser(t)
    const create = await request(t.app)
      .post('/api/v1/notifications')
      .set('authorization', user.token)
      .send({ message: 'spoofed', kind: 'x' })
    expect(create.status).toBe(404)
    expect(await inboxOf(t, user)).toEqual([])
  })
})

describe('POST /api/v1/notifications/:id/read and /read-all', () => {
  it('when a user marks one of theirs read, it is stored read with its time and the unread count drops', async () => {
    const user = await createUser(t, { name: 'Reader' })
    await assign([user], 2)
    const [first] = await inboxOf(t, user)
    const id = String(first?._id)

    const res = await request(t.app).post(`/api/v1/notifications/${id}/read`).set('authorization', user.token)
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ _id: id, read: true })
    const stored = await notificationModel(t.context.db.connection).findById(id).lean()
    expect(stored?.read).toBe(true)
    expect(stored?.readAt).toBeInstanceOf(Date)
    expect(res.body.data.readAt).toBe(stored?.readAt?.toISOString())

    // Again: still read, the first time kept.
    const again = await request(t.app).post(`/api/v1/notifications/${id}/read`).set('authorization', user.token)
    expect(again.body.data.readAt).toBe(stored?.readAt?.toISOString())
    const count = await request(t.app).get('/api/v1/notifications/unread-count').set('authorization', user.token)
    expect(count.body.data.count).toBe(1)
  })

  it("when a user names another user's notification (or a malformed id), responds 404 and it stays unread", async () => {
    const owner = await createUser(t, { name: 'Owner' })
    const intruder = await createUser(t, { name: 'Intruder' })
    await assign([owner], 1)
    const [theirs] = await inboxOf(t, owner)

    const res = await request(t.app)
      .post(`/api/v1/notifications/${String(theirs?._id)}/read`)
      .set('authorization', intruder.token)
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ success: false, message: 'Notification not found' })
    expect((await inboxOf(t, owner))[0]).toMatchObject({ read: false, readAt: null })

    const malformed = await request(t.app).post('/api/v1/notifications/nope/read').set('authorization', intruder.token)
    expect(malformed.status).toBe(404)
  })

  it("when a user marks all read, all of theirs are read and nobody else's", async () => {
    const user = await createUser(t, { name: 'Sweeper' })
    const neighbour = await createUser(t, { name: 'Neighbour' })
    await assign([user, neighbour], 3)

    const res = await request(t.app).post('/api/v1/notifications/read-all').set('authorization', user.token)
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual({ updated: 3 })
    expect((await inboxOf(t, user)).every((n) => n.read && n.readAt instanceof Date)).toBe(true)
    expect((await inboxOf(t, neighbour)).map((n) => n.read)).toEqual([false, false, false])
  })
})

describe('the OpenAPI document', () => {
  it('describes every inbox route, signed-in, with the Notification schema', async () => {
    const res = await request(t.app).get('/api/openapi.json')
    const paths = res.body.paths as Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>
    const routes = [
      ['/api/v1/notifications', 'get'],
      ['/api/v1/notifications/unread-count', 'get'],
      ['/api/v1/notifications/read-all', 'post'],
      ['/api/v1/notifications/{id}/read', 'post'],
    ] as const
    for (const [path, method] of routes) {
      expect(paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['notifications'])
    }
    expect(Object.keys(paths['/api/v1/notifications'] ?? {})).toEqual(['get'])
    expect(res.body.components.schemas).toHaveProperty('Notification')
  })
})

describe('the email opt-in', () => {
  it('when a user turns it on at /auth/me, it is stored and shown; a non-boolean is 400 naming it and changes nothing', async () => {
    const user = await createUser(t)
    const me = await request(t.app).get('/api/v1/auth/me').set('authorization', user.token)
    expect(me.body.data.notifyByEmail).toBe(false)

    const on = await request(t.app)
      .patch('/api/v1/auth/me')
      .set('authorization', user.token)
      .send({ notifyByEmail: true })
    expect(on.status).toBe(200)
    expect(on.body.data).toMatchObject({ notifyByEmail: true, name: user.name })
    expect((await storedUser(t, user.id))?.notifyByEmail).toBe(true)

    const bad = await request(t.app)
      .patch('/api/v1/auth/me')
      .set('authorization', user.token)
      .send({ notifyByEmail: 'yes' })
    expect(bad.status).toBe(400)
    expect(paths(bad)).toEqual(['notifyByEmail'])
    expect((await storedUser(t, user.id))?.notifyByEmail).toBe(true)
  })

  it('when a user admin turns it on for someone, it is stored; the user cannot be given it by a plain user', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const user = await createUser(t)
    const res = await request(t.app)
      .patch(`/api/v1/users/${user.id}`)
      .set('authorization', srdev.token)
      .send({ notifyByEmail: true })
    expect(res.status).toBe(200)
    expect(res.body.data.notifyByEmail).toBe(true)
    expect((await storedUser(t, user.id))?.notifyByEmail).toBe(true)

    const other = await createUser(t)
    const refused = await request(t.app)
      .patch(`/api/v1/users/${other.id}`)
      .set('authorization', user.token)
      .send({ notifyByEmail: true })
    expect(refused.status).toBe(403)
    expect((await storedUser(t, other.id))?.notifyByEmail).toBe(false)
  })
})
