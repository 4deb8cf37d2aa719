import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { as, created, projectBody, stored, unique } from '../helpers.js'

// Enabled by the lead after merging array owner fields, `parents` child routes, `ownerFrom` and destroy cascades.

let t: TestApp
let manager: TestUser
let member: TestUser
let outsider: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_access_after_merge')
  manager = await createUser(t, { role: 'srdev' })
  member = await createUser(t, { role: 'user' })
  outsider = await createUser(t, { role: 'user' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const ids = (body: unknown) => (body as { data: Array<{ _id: string }> }).data.map((item) => item._id)

async function projectWithChildren() {
  const client = await created(t, manager, 'clients', { companyName: `Umbrella ${unique()}` })
  const project = await created(t, manager, 'projects', projectBody({ client: client._id, memberIds: [member.id] }))
  const task = await created(t, manager, 'tasks', { name: 'Design', project: project._id, assignees: [manager.id] })
  const milestone = await created(t, manager, 'milestones', { project: project._id, title: 'Alpha', cost: 100_00 })
  const note = await created(t, manager, 'notes', { project: project._id, title: 'Kick-off', description: 'Scope' })
  return { client, project, task, milestone, note }
}

describe('project access (array owner field, child routes)', () => {
  it('when a member reads the project, 200; a non-member gets 404', async () => {
    const { project } = await projectWithChildren()
    await api().get(`/api/v1/projects/${project._id}`).set(as(member)).expect(200)
    await api().get(`/api/v1/projects/${project._id}`).set(as(outsider)).expect(404)
  })

  it("when a member lists the project's children, they see them; a non-member gets 404", async () => {
    const { project, task, milestone, note } = await projectWithChildren()
    for (const [path, child] of [
      ['tasks', task],
      ['milestones', milestone],
      ['notes', note],
    ] as const) {
      const res = await api().get(`/api/v1/projects/${project._id}/${path}`).set(as(member)).expect(200)
      expect(ids(res.body)).toContain(child._id)
      await api().get(`/api/v1/projects/${project._id}/${path}`).set(as(outsider)).expect(404)
    }
    await api().get(`/api/v1/projects/${project._id}/payments`).set(as(member)).expect(200)
    await api().get(`/api/v1/projects/${project._id}/reports`).set(as(member)).expect(200)
  })

  it('when an assignee moves their own task along, it is allowed; someone else gets 404', async () => {
    const { project } = await projectWithChildren()
    const task = await created(t, manager, 'tasks', { name: 'Build', project: project._id, assignees: [member.id] })
    await api().post(`/api/v1/tasks/${task._id}/start`).set(as(member)).expect(200)
    await api().post(`/api/v1/tasks/${task._id}/submit`).set(as(outsider)).expect(404)
    expect((await stored(t, 'tasks', task._id))?.status).toBe('in_progress')
  })

  it("when a client's projects are listed, the project is there", async () => {
    const { client, project } = await projectWithChildren()
    const res = await api().get(`/api/v1/clients/${client._id}/projects`).set(as(manager)).expect(200)
    expect(ids(res.body)).toContain(project._id)
  })

  it("when a milestone is written, it carries the project's members (ownerFrom) so they list it", async () => {
    const { milestone } = await projectWithChildren()
    expect((await stored(t, 'milestones', milestone._id))?.memberIds?.toString()).toBe(member.id)
    const res = await api().get('/api/v1/milestones').set(as(member)).expect(200)
    expect(ids(res.body)).toContain(milestone._id)
  })

  it('when a trashed project is destroyed, its tasks, milestones and notes go with it', async () => {
    const { project, task, milestone, note } = await projectWithChildren()
    await api().delete(`/api/v1/projects/${project._id}`).set(as(manager)).expect(200)
    await api().delete(`/api/v1/projects/${project._id}/permanent`).set(as(manager)).expect(200)
    expect(await stored(t, 'tasks', task._id)).toBeNull()
    expect(await stored(t, 'milestones', milestone._id)).toBeNull()
    expect(await stored(t, 'notes', note._id)).toBeNull()
  })

  it('when a client with projects is destroyed, it is refused naming the projects', async () => {
    const { client } = await projectWithChildren()
    await api().delete(`/api/v1/clients/${client._id}`).set(as(manager)).expect(200)
    const res = await api().delete(`/api/v1/clients/${client._id}/permanent`).set(as(manager)).expect(409)
    expect(JSON.stringify(res.body)).toContain('projects')
  })
})
