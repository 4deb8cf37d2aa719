import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildChildApp, created, type ChildApp } from './child-app.js'

// GET /api/v1/<resource>/:id/activity: the record's audit entries and its children's, newest first, paged.

interface Line {
  resource: string
  documentId: string
  label: string | null
  action: string
  revision: number
  at: string
  actor: { kind: string; id?: string; name?: string }
  changes: Array<{ path: string; before?: unknown; after?: unknown }>
  reason: string | null
}

describe('activity timeline', () => {
  let c: ChildApp
  beforeAll(async () => {
    c = await buildChildApp('children-activity')
  })
  afterAll(async () => c.t.close())

  const get = (url: string, token: string) => request(c.app).get(url).set('authorization', token)

  /** A project owned by the member, changed once, with two tasks (one changed, one trashed) and a note. */
  async function busyProject() {
    const project = await created(c, c.manager, '/api/v1/child-projects', { name: 'Zeus', owner: c.member.id })
    const base = `/api/v1/child-projects/${project._id}`
    const first = await created(c, c.manager, `${base}/child-tasks`, { title: 'Design', secret: 's3cret' })
    const second = await created(c, c.manager, `${base}/child-tasks`, { title: 'Build' })
    const note = await created(c, c.manager, `${base}/child-notes`, { body: 'Kick-off done' })
    const as = c.manager.token
    expect(
      (
        await request(c.app)
          .patch(`/api/v1/child-tasks/${first._id}`)
          .set('authorization', as)
          .send({ status: 'done', secret: 'n3w' })
      ).status,
    ).toBe(200)
    expect((await request(c.app).patch(base).set('authorization', as).send({ budget: 500 })).status).toBe(200)
    expect(
      (
        await request(c.app)
          .delete(`/api/v1/child-tasks/${second._id}`)
          .set('authorization', as)
          .send({ reason: 'dup' })
      ).status,
    ).toBe(200)
    return { project, first, second, note }
  }

  it("when a project's activity is read, its own and its children's entries come newest first, named and paged", async () => {
    const { project, first, second, note } = await busyProject()
    const url = `/api/v1/child-projects/${project._id}/activity`
    const res = await get(url, c.manager.token)
    expect(res.status).toBe(200)
    const lines = res.body.data as Line[]
    expect(res.body.meta).toEqual({ page: 1, limit: 50, total: 7 })
    expect(lines.map((line) => [line.resource, line.documentId, line.action])).toEqual([
      ['child-tasks', second._id, 'trash'],
      ['child-projects', project._id, 'update'],
      ['child-tasks', first._id, 'update'],
      ['child-notes', note._id, 'create'],
      ['child-tasks', second._id, 'create'],
      ['child-tasks', first._id, 'create'],
      ['child-projects', project._id, 'create'],
    ])
    const times = lines.map((line) => Date.parse(line.at))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(lines[0]).toMatchObject({ label: 'Build', reason: 'dup' })
    expect(lines[0]?.actor).toMatchObject({ kind: 'user', id: c.manager.id, name: 'Mona Manager' })
    expect(lines[1]?.changes).toEqual([{ path: 'budget', before: 0, after: 500 }])
    expect(lines[6]?.label).toBe('Zeus')
    const paged = await get(`${url}?page=2&limit=3`, c.manager.token)
    expect(paged.body.meta).toEqual({ page: 2, limit: 3, total: 7 })
    expect((paged.body.data as Line[]).map((line) => line.action)).toEqual(['create', 'create', 'create'])
    expect((paged.body.data as Line[]).map((line) => line.resource)).toEqual([
      'child-notes',
      'child-tasks',
      'child-tasks',
    ])
  })

  it('when a member reads it, fields masked for them stay masked and child resources they may not read are left out', async () => {
    const { project, first } = await busyProject()
    const res = await get(`/api/v1/child-projects/${project._id}/activity`, c.member.token)
    expect(res.status).toBe(200)
    const lines = res.body.data as Line[]
    expect(res.body.meta.total).toBe(6)
    expect(lines.some((line) => line.resource === 'child-notes')).toBe(false)
    const update = lines.find((line) => line.documentId === first._id && line.action === 'update')
    expect(update?.changes).toContainEqual({ path: 'secret', before: '••••••', after: '••••••' })
    expect(update?.changes).toContainEqual({ path: 'status', before: 'open', after: 'done' })
    expect(JSON.stringify(lines)).not.toMatch(/s3cret|n3w/)
  })

  it('when the record is not readable, unknown or malformed, responds 404; without a history grant, 403', async () => {
    const theirs = await created(c, c.manager, '/api/v1/child-projects', { name: 'Hera' })
    await created(c, c.manager, `/api/v1/child-projects/${theirs._id}/child-tasks`, { title: 'private' })
    for (const id of [theirs._id, '0123456789abcdef01234567', 'nope']) {
      const res = await get(`/api/v1/child-projects/${id}/activity`, c.member.token)
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('NOT_FOUND')
    }
    expect((await get(`/api/v1/child-projects/${theirs._id}/activity`, c.viewer.token)).status).toBe(403)
  })

  it('when the project is trashed, its activity stays readable to whoever may read its history, like its history', async () => {
    const project = await created(c, c.manager, '/api/v1/child-projects', { name: 'Ares' })
    await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-tasks`, { title: 'leftover' })
    expect(
      (await request(c.app).delete(`/api/v1/child-projects/${project._id}`).set('authorization', c.manager.token))
        .status,
    ).toBe(200)
    const res = await get(`/api/v1/child-projects/${project._id}/activity`, c.manager.token)
    expect(res.status).toBe(200)
    expect((res.body.data as Line[]).map((line) => [line.resource, line.action])).toEqual([
      ['child-projects', 'trash'],
      ['child-tasks', 'create'],
      ['child-projects', 'create'],
    ])
  })

  it('when a resource has no children, its activity is its own history, newest first; bad paging is 400', async () => {
    const lead = await created(c, c.manager, '/api/v1/child-leads', { title: 'Solo' })
    expect(
      (
        await request(c.app)
          .patch(`/api/v1/child-leads/${lead._id}`)
          .set('authorization', c.manager.token)
          .send({ title: 'Solo 2' })
      ).status,
    ).toBe(200)
    const res = await get(
      `/api/v1/child-tasks/${String((await c.tasks.model.findOne().lean())?._id)}/activity`,
      c.manager.token,
    )
    expect(res.status).toBe(200)
    const leadRes = await get(`/api/v1/child-leads/${lead._id}/activity`, c.manager.token)
    expect((leadRes.body.data as Line[]).map((line) => [line.action, line.revision])).toEqual([
      ['update', 2],
      ['create', 1],
    ])
    const bad = await get(`/api/v1/child-leads/${lead._id}/activity?limit=1000`, c.manager.token)
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].path).toBe('limit')
  })
})
