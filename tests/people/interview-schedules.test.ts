import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bearer, dataOf } from './fixtures.js'

// HR schedules interviews of a posting's candidates; the interviewer sees their own interviews, nobody else's.

describe('interview schedules', () => {
  let t: TestApp
  let hr: TestUser
  let interviewer: TestUser
  let colleague: TestUser
  let job: string
  let candidate: string

  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await request(t.app).post(path).set(bearer(hr)).send(body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return String(dataOf(res)._id)
  }
  const posting = (title: string) =>
    post('/api/v1/jobs', { title, category: 'Sales', location: 'Pune', startDate: '2026-11-01', recruiter: hr.id })

  beforeAll(async () => {
    t = await buildTestApp('people-interviews')
    hr = await createUser(t, { role: 'HR' })
    interviewer = await createUser(t, { role: 'bdm' })
    colleague = await createUser(t, { role: 'bdm' })
    job = await posting('Sales lead')
    candidate = await post('/api/v1/job-applications', { job, name: 'Jaya', email: 'jaya@example.com' })
  })
  afterAll(() => t.close())

  const interview = (extra: Record<string, unknown> = {}) => ({
    job,
    candidate,
    interviewer: interviewer.id,
    round: 'First',
    interviewType: 'phone',
    startOn: '2026-12-03',
    startTime: '11:30',
    ...extra,
  })

  it('when HR schedules one, the interviewer sees it and a colleague does not', async () => {
    const id = await post('/api/v1/interview-schedules', interview())
    const theirs = await request(t.app).get('/api/v1/interview-schedules').set(bearer(interviewer))
    expect(theirs.body.data.map((row: { _id: string }) => row._id)).toEqual([id])
    const others = await request(t.app).get('/api/v1/interview-schedules').set(bearer(colleague))
    expect(others.body.data).toEqual([])
  })

  it('when the candidate applied to another posting, responds 409 naming candidate and stores nothing', async () => {
    const other = await posting('Sales trainee')
    const before = await t.context.resources.interviewSchedules.model.countDocuments({})
    const res = await request(t.app)
      .post('/api/v1/interview-schedules')
      .set(bearer(hr))
      .send(interview({ job: other }))
    expect(res.status).toBe(409)
    expect(res.body.details).toEqual([{ path: 'candidate', message: 'applied to another job' }])
    expect(await t.context.resources.interviewSchedules.model.countDocuments({})).toBe(before)
  })

  it('when an interviewer tries to schedule, responds 403', async () => {
    const res = await request(t.app).post('/api/v1/interview-schedules').set(bearer(interviewer)).send(interview())
    expect(res.status).toBe(403)
  })

  it('when the interview type is not online, in-person or phone, responds 400 naming interviewType', async () => {
    const res = await request(t.app)
      .post('/api/v1/interview-schedules')
      .set(bearer(hr))
      .send(interview({ interviewType: 'carrier pigeon' }))
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('interviewType')
  })
})
