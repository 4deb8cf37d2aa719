import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { createUser } from '../factories.js'
import { adminLogin } from '../admin/admin-session.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bindTasks, inboxOf } from './task-resource.js'

// The panel's "Notifications" page: the signed-in admin's own inbox through the page handler AdminJS calls.

const PAGE = '/admin/api/pages/Notifications'
let t: TestApp
let tasks: ResourceService
const job: Actor = { kind: 'job', name: 'test.admin-page' }

beforeAll(async () => {
  t = await buildTestApp('notify_admin_page')
  tasks = bindTasks(t)
})
afterAll(async () => {
  await t.close()
})

describe('admin Notifications page', () => {
  it("when an admin opens it, they see their unread count and latest notifications, not anyone else's", async () => {
    const admin = await createUser(t, { role: 'srdev', name: 'Panel Admin' })
    const other = await createUser(t, { role: 'srdev', name: 'Other Admin' })
    for (let i = 1; i <= 12; i += 1) await tasks.create(job, { title: `Mine ${String(i)}`, assignees: [admin.id] })
    await tasks.create(job, { title: 'Theirs', assignees: [other.id] })
    const agent = await adminLogin(t, admin)

    const res = await agent.get(PAGE)
    expect(res.status).toBe(200)
    expect(res.body.unread).toBe(12)
    const messages = (res.body.latest as { message: string }[]).map((n) => n.message)
    expect(messages).toHaveLength(10)
    expect(messages[0]).toBe('You were assigned "Mine 12"')
    expect(messages.some((message) => message.includes('Theirs'))).toBe(false)
  })

  it('when the admin posts to it, their notifications are marked read and nobody else’s', async () => {
    const admin = await createUser(t, { role: 'srdev', name: 'Sweeping Admin' })
    const other = await createUser(t, { role: 'srdev' })
    await tasks.create(job, { title: 'Both', assignees: [admin.id, other.id] })
    const agent = await adminLogin(t, admin)

    const res = await agent.post(PAGE)
    expect(res.status).toBe(200)
    expect(res.body.unread).toBe(0)
    expect((await inboxOf(t, admin)).every((n) => n.read)).toBe(true)
    expect((await inboxOf(t, other)).map((n) => n.read)).toEqual([false])
  })

  it('when nobody is signed in, the page sends them to the login page', async () => {
    const res = await request(t.app).get(PAGE)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/admin/login')
  })
})
