import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JOBS_COLLECTION, jobRunModel } from '../../src/jobs/run-history.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { adminLogin, type AdminAgent } from '../admin/admin-session.js'
import { eventually, TEST_JOB_ENV } from './helpers.js'

let t: TestApp
const users: Record<string, TestUser> = {}
const agents: Record<string, AdminAgent> = {}

beforeAll(async () => {
  t = await buildTestApp('jobs_dashboard', { env: TEST_JOB_ENV })
  for (const role of ['srdev', 'dev', 'senior admin', 'HR', 'bdm']) {
    users[role] = await createUser(t, { role })
    agents[role] = await adminLogin(t, users[role])
  }
})
afterAll(async () => {
  await t.context.jobs.stop(5_000)
  await t.close()
})

const agent = (role: string): AdminAgent => agents[role] as AdminAgent
const jobs = () => t.context.db.connection.collection(JOBS_COLLECTION)
const operatorEntries = (jobId: string) =>
  t.context.resources.audit
    .find({ resource: JOBS_COLLECTION, documentId: new Types.ObjectId(jobId) })
    .sort({ revision: 1 })
    .lean()

async function queued(name = 'housekeeping.expire'): Promise<string> {
  const job = await t.context.jobs.agenda().schedule('in 1 hour', name, {})
  return String(job.attrs._id)
}

describe('who gets /admin/jobs', () => {
  it('when srdev, dev or senior admin open it, then the page and the job list come back', async () => {
    await queued()
    for (const role of ['srdev', 'dev', 'senior admin']) {
      const page = await agent(role).get('/admin/jobs/')
      expect(page.status, role).toBe(200)
      expect(page.text).toContain('CRM back office')
      expect(page.text.includes('crm-read-only.css'), role).toBe(role === 'senior admin')
      const list = await agent(role).get('/admin/jobs/api?limit=10')
      expect(list.status).toBe(200)
      expect(list.body.jobs.map((j: { job: { name: string } }) => j.job.name)).toContain('housekeeping.expire')
    }
  })

  it('when HR or bdm open it, then 403; without a session, the admin login', async () => {
    for (const role of ['HR', 'bdm']) {
      expect((await agent(role).get('/admin/jobs/')).status, role).toBe(403)
      expect((await agent(role).get('/admin/jobs/api')).status, role).toBe(403)
    }
    const anonymous = await request(t.app).get('/admin/jobs/')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.location).toBe('/admin/login')
    expect((await request(t.app).post('/admin/jobs/api/jobs/delete').send({ jobIds: [] })).status).toBe(401)
  })

  it('when a senior admin calls a write route, then 403 and the job is untouched', async () => {
    const id = await queued()
    for (const action of ['delete', 'retry', 'requeue', 'pause', 'resume', 'create']) {
      const res = await agent('senior admin')
        .post(`/admin/jobs/api/jobs/${action}`)
        .send({ jobIds: [id] })
      expect(res.status, action).toBe(403)
    }
    expect(await jobs().findOne({ _id: new Types.ObjectId(id) })).toMatchObject({ disabled: null })
    expect(await operatorEntries(id)).toEqual([])
  })
})

describe('operator actions are audited', () => {
  it('when srdev runs a job now, pauses and deletes it, then each action has an entry naming the operator and the job', async () => {
    const id = await queued()
    const runNow = await agent('srdev')
      .post('/admin/jobs/api/jobs/retry')
      .send({ jobIds: [id] })
    expect(runNow.status).toBe(200)
    expect(runNow.body).toEqual({ retriedCount: 1 })
    expect((await jobs().findOne({ _id: new Types.ObjectId(id) }))?.nextRunAt.getTime()).toBeLessThanOrEqual(Date.now())
    expect(
      (
        await agent('dev')
          .post('/admin/jobs/api/jobs/pause')
          .send({ jobIds: [id] })
      ).body,
    ).toEqual({ pausedCount: 1 })
    expect(
      (
        await agent('srdev')
          .post('/admin/jobs/api/jobs/delete')
          .send({ jobIds: [id] })
      ).status,
    ).toBe(200)
    expect(await jobs().countDocuments({ _id: new Types.ObjectId(id) })).toBe(0)
    const entries = await operatorEntries(id)
    expect(entries.map((e) => [e.revision, e.action, e.actor.id, e.actor.role])).toEqual([
      [1, 'run-now', users.srdev?.id, 'srdev'],
      [2, 'pause', users.dev?.id, 'dev'],
      [3, 'delete', users.srdev?.id, 'srdev'],
    ])
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: 'committed', changes: [{ path: 'name', after: 'housekeeping.expire' }] })
    }
  })

  it('when srdev requeues a job that ran, then the copy records the run it came from, and so does the audit entry', async () => {
    const id = await queued()
    await jobRunModel(t.context.db.connection).create({
      _id: `run-of-${id}`,
      job: 'housekeeping.expire',
      jobId: id,
      startedAt: new Date(),
      outcome: 'failed',
      attempt: 3,
      attempts: 3,
      worker: 'test:1',
    })
    const res = await agent('srdev')
      .post('/admin/jobs/api/jobs/requeue')
      .send({ jobIds: [id] })
    expect(res.body).toEqual({ requeuedCount: 1 })
    const copy = await jobs().findOne({ requeuedFrom: `run-of-${id}` })
    expect(copy).toMatchObject({ name: 'housekeeping.expire' })
    const [entry] = await operatorEntries(String(copy?._id))
    expect(entry).toMatchObject({
      action: 'requeue',
      actor: { kind: 'user', id: users.srdev?.id },
      reason: `requeued from job ${id}, run run-of-${id}`,
    })
    // When the copy runs, its run names the run it came from.
    await t.context.jobs.start()
    const runs = jobRunModel(t.context.db.connection)
    expect(
      await eventually(
        async () => (await runs.countDocuments({ jobId: String(copy?._id), outcome: 'succeeded' })) === 1,
      ),
    ).toBe(true)
    expect(await runs.findOne({ jobId: String(copy?._id) }).lean()).toMatchObject({ requeuedFrom: `run-of-${id}` })
  })

  it('when srdev creates a job, then only a declared job with good input is accepted, and it is audited', async () => {
    const bad = await agent('srdev').post('/admin/jobs/api/jobs/create').send({ jobName: 'no.such' })
    expect(bad.status).toBe(400)
    expect(bad.body.details).toEqual([{ path: 'jobName', message: 'is not a job of this app' }])
    const ids = await agent('srdev')
      .post('/admin/jobs/api/jobs/delete')
      .send({ jobIds: ['nope'] })
    expect(ids.status).toBe(400)
    expect(ids.body.details[0].path).toBe('jobIds.0')
    const before = await jobs().countDocuments({ name: 'trash.purge' })
    const res = await agent('dev')
      .post('/admin/jobs/api/jobs/create')
      .send({ jobName: 'trash.purge', jobSchedule: 'in 2 hours', jobData: {} })
    expect(res.body).toEqual({ created: true })
    expect(await jobs().countDocuments({ name: 'trash.purge' })).toBe(before + 1)
    const created = await t.context.resources.audit
      .findOne({ resource: JOBS_COLLECTION, action: 'create', 'actor.id': users.dev?.id })
      .lean()
    expect(created?.changes).toContainEqual({ path: 'name', after: 'trash.purge' })
  })
})
