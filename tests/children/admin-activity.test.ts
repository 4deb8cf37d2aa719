import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryRow } from '../../src/admin/components/history-types.js'
import type { TestUser } from '../factories.js'
import { recordUrl } from '../admin/admin-session.js'
import { buildChildApp, created, type ChildApp } from './child-app.js'

// The panel's "Activity" record action on resources with children: the same timeline as GET /:id/activity.

describe('admin activity action', () => {
  let c: ChildApp
  beforeAll(async () => {
    c = await buildChildApp('children-admin')
  })
  afterAll(async () => c.t.close())

  async function panel(user: TestUser) {
    const agent = request.agent(c.app)
    const res = await agent.post('/admin/login').type('form').send({ email: user.email, password: user.password })
    expect(res.status).toBe(302)
    return agent
  }

  it("when a manager opens a project's activity, its changes and its children's are listed newest first, children named", async () => {
    const project = await created(c, c.manager, '/api/v1/child-projects', { name: 'Atlas', owner: c.member.id })
    await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-tasks`, { title: 'Survey', secret: 'k1' })
    await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-notes`, { body: 'Site visit' })
    const res = await (await panel(c.manager)).get(recordUrl('ChildTestProject', project._id, 'activity'))
    expect(res.status).toBe(200)
    const rows = res.body.history as HistoryRow[]
    expect(res.body).toMatchObject({ total: 3, mayRestore: false })
    expect(rows.map((row) => [row.subject, row.action])).toEqual([
      ['child-notes: Site visit', 'create'],
      ['child-tasks: Survey', 'create'],
      [undefined, 'create'],
    ])
    expect(rows[0]?.who).toContain('Mona Manager')
  })

  it('when a member opens it, masked fields stay masked and notes (not readable to them) are left out', async () => {
    const project = await created(c, c.manager, '/api/v1/child-projects', { name: 'Boreas', owner: c.member.id })
    await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-tasks`, { title: 'Dig', secret: 'k2' })
    await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-notes`, { body: 'hidden note' })
    const res = await (await panel(c.member)).get(recordUrl('ChildTestProject', project._id, 'activity'))
    expect(res.status).toBe(200)
    const rows = res.body.history as HistoryRow[]
    expect(rows.map((row) => row.subject)).toEqual(['child-tasks: Dig', undefined])
    expect(rows[0]?.changes).toContainEqual({ path: 'secret', after: '••••••' })
    expect(JSON.stringify(rows)).not.toContain('k2')
  })

  it('when a record is shown, resources with children offer the activity action and the others do not', async () => {
    const project = await created(c, c.manager, '/api/v1/child-projects', { name: 'Crete' })
    const task = await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-tasks`, { title: 'Leaf' })
    const agent = await panel(c.manager)
    const actionsOf = async (resource: string, id: string) => {
      const res = await agent.get(recordUrl(resource, id, 'show'))
      expect(res.status).toBe(200)
      return (res.body.record.recordActions as Array<{ name: string }>).map((action) => action.name)
    }
    expect(await actionsOf('ChildTestProject', project._id)).toContain('activity')
    expect(await actionsOf('ChildTestTask', task._id)).not.toContain('activity')
    expect(await actionsOf('ChildTestTask', task._id)).toContain('history')
  })
})
