import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobRunModel } from '../../src/jobs/run-history.js'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
const tokens: Record<string, string> = {}
const HOUR = 3600_000

beforeAll(async () => {
  t = await buildTestApp('jobs_runs_api')
  for (const role of ['srdev', 'dev', 'senior admin', 'HR', 'bdm', 'admin']) {
    tokens[role] = (await createUser(t, { role })).token
  }
  const base = { attempts: 3, worker: 'test:1', processed: 0 }
  await jobRunModel(t.context.db.connection).insertMany([
    {
      _id: 'r1',
      job: 'trash.purge',
      startedAt: new Date(Date.now() - 30 * HOUR),
      outcome: 'succeeded',
      attempt: 1,
      ...base,
    },
    {
      _id: 'r2',
      job: 'trash.purge',
      startedAt: new Date(Date.now() - 2 * HOUR),
      outcome: 'failed',
      attempt: 3,
      error: 'boom',
      ...base,
    },
    {
      _id: 'r3',
      job: 'audit.reconcile',
      startedAt: new Date(Date.now() - HOUR),
      outcome: 'succeeded',
      attempt: 1,
      ...base,
    },
  ])
})
afterAll(async () => {
  await t.close()
})

const get = (path: string, role?: string) => {
  const req = request(t.app).get(path)
  return role ? req.set('authorization', tokens[role] ?? '') : req
}

describe('GET /api/v1/job-runs', () => {
  it('when srdev, dev or senior admin asks, then the runs come newest first in the envelope', async () => {
    for (const role of ['srdev', 'dev', 'senior admin']) {
      const res = await get('/api/v1/job-runs', role)
      expect(res.status, role).toBe(200)
      expect(res.body.data.map((run: { _id: string }) => run._id)).toEqual(['r3', 'r2', 'r1'])
      expect(res.body.meta).toMatchObject({ page: 1, total: 3 })
    }
  })

  it('when filtered by job, outcome or date, then only those runs come back', async () => {
    const byJob = await get('/api/v1/job-runs?job=trash.purge', 'dev')
    expect(byJob.body.data.map((run: { _id: string }) => run._id)).toEqual(['r2', 'r1'])
    const failed = await get('/api/v1/job-runs?outcome=failed', 'dev')
    expect(failed.body.data).toHaveLength(1)
    expect(failed.body.data[0]).toMatchObject({ _id: 'r2', attempt: 3, attempts: 3, error: 'boom' })
    const since = new Date(Date.now() - 3 * HOUR).toISOString()
    const recent = await get(`/api/v1/job-runs?from=${since}`, 'dev')
    expect(recent.body.meta.total).toBe(2)
    const one = await get('/api/v1/job-runs/r2', 'senior admin')
    expect(one.body.data).toMatchObject({ _id: 'r2', outcome: 'failed' })
  })

  it('when the query is bad, then 400 names the field', async () => {
    const res = await get('/api/v1/job-runs?outcome=exploded', 'srdev')
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'outcome' }] })
    const unknown = await get('/api/v1/job-runs?sort=job', 'srdev')
    expect(unknown.status).toBe(400)
    const date = await get('/api/v1/job-runs?from=yesterday', 'srdev')
    expect(date.body.details[0].path).toBe('from')
  })

  it('when HR, bdm or admin ask, then 403; without a token, 401', async () => {
    for (const role of ['HR', 'bdm', 'admin']) expect((await get('/api/v1/job-runs', role)).status, role).toBe(403)
    expect((await get('/api/v1/job-runs')).status).toBe(401)
    expect((await get('/api/v1/job-runs/r1', 'HR')).status).toBe(403)
    expect((await get('/api/v1/job-runs/nope', 'srdev')).status).toBe(404)
  })
})
