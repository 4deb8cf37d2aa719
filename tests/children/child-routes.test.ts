import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resourceRouters } from '../../src/api/crud/index.js'
import { bindResource } from '../../src/models/bind-resource.js'
import { defineResource, type ResourceDefinition } from '../../src/models/define-resource.js'
import { etagOf } from '../../src/models/plugins/revision.js'
import { OpenApiRegistry } from '../../src/openapi/registry.js'
import { auditOf } from '../setup/resource-app.js'
import { buildChildApp, created, objectId, taskResource, type ChildApp } from './child-app.js'

// Child routes: /api/v1/<parent>/:id/<path> lists and creates a child resource under one parent record.

describe('child routes under a parent', () => {
  let c: ChildApp
  beforeAll(async () => {
    c = await buildChildApp('children-routes')
  })
  afterAll(async () => c.t.close())

  const get = (url: string, token: string) => request(c.app).get(url).set('authorization', token)
  const post = (url: string, token: string, body: Record<string, unknown>) =>
    request(c.app).post(url).set('authorization', token).send(body)

  async function projectWithTasks(titles: string[], owner?: string) {
    const project = await created(c, c.manager, '/api/v1/child-projects', {
      name: 'Apollo',
      ...(owner ? { owner } : {}),
    })
    for (const title of titles)
      await created(c, c.manager, `/api/v1/child-projects/${project._id}/child-tasks`, { title })
    return project
  }

  it('when the children of a project are listed, only its own come back, paged, filtered and sorted', async () => {
    const project = await projectWithTasks(['b task', 'a task', 'c task'])
    const other = await projectWithTasks(['elsewhere'])
    const url = `/api/v1/child-projects/${project._id}/child-tasks`
    const res = await get(`${url}?sort=title&limit=2`, c.manager.token)
    expect(res.status).toBe(200)
    expect(res.body.data.map((task: { title: string }) => task.title)).toEqual(['a task', 'b task'])
    expect(res.body.meta).toEqual({ page: 1, limit: 2, total: 3, pages: 2 })
    expect(res.body.data.every((task: { project: string }) => task.project === project._id)).toBe(true)
    const second = await get(`${url}?sort=title&limit=2&page=2`, c.manager.token)
    expect(second.body.data.map((task: { title: string }) => task.title)).toEqual(['c task'])
    const otherRes = await get(`/api/v1/child-projects/${other._id}/child-tasks`, c.manager.token)
    expect(otherRes.body.data.map((task: { title: string }) => task.title)).toEqual(['elsewhere'])
  })

  it('when a child is created under a project, the parent field comes from the URL and one audit entry is left', async () => {
    const project = await projectWithTasks([])
    const res = await post(`/api/v1/child-projects/${project._id}/child-tasks`, c.manager.token, { title: 'Plan' })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ title: 'Plan', project: project._id, _rev: 1 })
    expect(res.headers.etag).toBe(etagOf(1))
    const stored = await c.tasks.model.findById(res.body.data._id).lean()
    expect(String(stored?.project)).toBe(project._id)
    const entries = await auditOf(c.t, String(res.body.data._id))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ resource: 'child-tasks', action: 'create', revision: 1 })
    expect(entries[0]?.actor).toMatchObject({ kind: 'user', id: c.manager.id })
    expect(entries[0]?.changes).toContainEqual({ path: 'project', after: objectId(project._id) })
  })

  it('when the body names the same project, it is accepted; another project is 400 naming the field and nothing is stored', async () => {
    const project = await projectWithTasks([])
    const other = await projectWithTasks([])
    const url = `/api/v1/child-projects/${project._id}/child-tasks`
    expect((await post(url, c.manager.token, { title: 'Same', project: project._id })).status).toBe(201)
    const res = await post(url, c.manager.token, { title: 'Elsewhere', project: other._id })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details).toEqual([{ path: 'project', message: expect.stringContaining(project._id) }])
    expect(await c.tasks.model.countDocuments({ title: 'Elsewhere' })).toBe(0)
  })

  it('when the child input is invalid, responds 400 naming the field and stores nothing', async () => {
    const project = await projectWithTasks([])
    const res = await post(`/api/v1/child-projects/${project._id}/child-tasks`, c.manager.token, { status: 'x' })
    expect(res.status).toBe(400)
    expect(res.body.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['title', 'status']),
    )
    expect(await c.tasks.model.countDocuments({ project: objectId(project._id) })).toBe(0)
  })

  it('when the parent is unknown, malformed or trashed, both verbs answer 404 like GET on the parent and nothing is stored', async () => {
    const trashed = await projectWithTasks(['kept'])
    expect(
      (await request(c.app).delete(`/api/v1/child-projects/${trashed._id}`).set('authorization', c.manager.token))
        .status,
    ).toBe(200)
    for (const id of ['0123456789abcdef01234567', 'not-an-id', trashed._id]) {
      expect((await get(`/api/v1/child-projects/${id}`, c.manager.token)).status).toBe(404)
      const list = await get(`/api/v1/child-projects/${id}/child-tasks`, c.manager.token)
      expect(list.status).toBe(404)
      expect(list.body.code).toBe('NOT_FOUND')
      const made = await post(`/api/v1/child-projects/${id}/child-tasks`, c.manager.token, { title: `orphan ${id}` })
      expect(made.status).toBe(404)
    }
    expect(await c.tasks.model.countDocuments({ title: /^orphan/ })).toBe(0)
  })

  it('when a member reads their own project, they see every task of it (masked as their grant says); another project is 404', async () => {
    const mine = await projectWithTasks([], c.member.id)
    await created(c, c.manager, `/api/v1/child-projects/${mine._id}/child-tasks`, { title: 'by manager', secret: 'x1' })
    const theirs = await projectWithTasks(['hidden'])
    const res = await get(`/api/v1/child-projects/${mine._id}/child-tasks`, c.member.token)
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual([expect.objectContaining({ title: 'by manager', secret: '••••••' })])
    // Their own-scoped list of tasks does not show it: the parent route is what grants it.
    const own = await get('/api/v1/child-tasks', c.member.token)
    expect(own.body.data.map((task: { title: string }) => task.title)).not.toContain('by manager')
    expect((await get(`/api/v1/child-projects/${theirs._id}`, c.member.token)).status).toBe(404)
    expect((await get(`/api/v1/child-projects/${theirs._id}/child-tasks`, c.member.token)).status).toBe(404)
    const made = await post(`/api/v1/child-projects/${theirs._id}/child-tasks`, c.member.token, { title: 'sneak' })
    expect(made.status).toBe(404)
    expect(await c.tasks.model.countDocuments({ title: 'sneak' })).toBe(0)
  })

  it('when a member creates a task on their own project, it is theirs; a role without the child grant gets 403', async () => {
    const mine = await projectWithTasks([], c.member.id)
    const task = await created(c, c.member, `/api/v1/child-projects/${mine._id}/child-tasks`, { title: 'mine' })
    expect(task).toMatchObject({ owner: c.member.id, project: mine._id })
    const project = await projectWithTasks(['seen by nobody here'])
    const list = await get(`/api/v1/child-projects/${project._id}/child-tasks`, c.viewer.token)
    expect(list.status).toBe(403)
    const made = await post(`/api/v1/child-projects/${project._id}/child-tasks`, c.viewer.token, { title: 'viewer' })
    expect(made.status).toBe(403)
    expect(await c.tasks.model.countDocuments({ title: 'viewer' })).toBe(0)
  })

  it('when a child has two parents, it is served under each at its declared path', async () => {
    const lead = await created(c, c.manager, '/api/v1/child-leads', { title: 'Big lead' })
    const task = await created(c, c.manager, `/api/v1/child-leads/${lead._id}/todos`, { title: 'call back' })
    expect(task.lead).toBe(lead._id)
    const res = await get(`/api/v1/child-leads/${lead._id}/todos`, c.manager.token)
    expect(res.body.data.map((each: { title: string }) => each.title)).toEqual(['call back'])
    expect((await get(`/api/v1/child-leads/${lead._id}/child-tasks`, c.manager.token)).status).toBe(404)
  })

  it('when a create is retried with the same Idempotency-Key, the first answer is replayed and one task exists', async () => {
    const project = await projectWithTasks([])
    const url = `/api/v1/child-projects/${project._id}/child-tasks`
    const send = () => post(url, c.manager.token, { title: 'once' }).set('Idempotency-Key', `k-${project._id}`)
    const first = await send()
    const again = await send()
    expect(first.status).toBe(201)
    expect(again.body.data._id).toBe(first.body.data._id)
    expect(await c.tasks.model.countDocuments({ project: objectId(project._id) })).toBe(1)
  })

  it('when the OpenAPI document is read, it describes the child routes and the activity timeline', async () => {
    const res = await request(c.app).get('/api/openapi.json')
    const paths = res.body.paths as Record<string, Record<string, { tags: string[] }>>
    expect(Object.keys(paths['/api/v1/child-projects/{id}/child-tasks'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(paths['/api/v1/child-projects/{id}/child-tasks']?.get?.tags).toEqual(['child-tasks'])
    expect(Object.keys(paths['/api/v1/child-leads/{id}/todos'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(paths['/api/v1/child-projects/{id}/activity']?.get).toBeDefined()
    expect(paths['/api/v1/bookings/{id}/activity']?.get).toBeDefined()
  })

  it('when a declared parent is not mounted or a child path shadows a parent route, mounting stops naming the resource', () => {
    const mount = (parents: ResourceDefinition['parents'], withProjects: boolean) => {
      const def = defineResource({ ...taskResource, name: `ClashTask${String(Math.random()).slice(2, 8)}`, parents })
      const tasks = bindResource(def as unknown as ResourceDefinition, c.t.context.db.connection, c.t.config)
      const services = withProjects ? [c.projects, tasks] : [tasks]
      return () => resourceRouters(c.t.context, new OpenApiRegistry(), services)
    }
    expect(mount([{ resource: 'child-projects', field: 'project' }], false)).toThrow(
      /child-tasks: parent child-projects/,
    )
    expect(mount([{ resource: 'child-projects', field: 'nope' }], true)).toThrow(/parent field nope/)
    expect(mount([{ resource: 'child-projects', field: 'project', path: 'history' }], true)).toThrow(
      /path history clashes/,
    )
    expect(mount([{ resource: 'child-projects', field: 'project' }], true)).not.toThrow()
  })
})
