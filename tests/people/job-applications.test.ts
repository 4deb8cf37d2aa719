import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { NOT_AN_IMAGE, PDF, uploadedFiles } from '../setup/employee-app.js'
import { auditActions, bearer, dataOf, storedIn } from './fixtures.js'

// A candidate's way from application to hire (or rejection from any open state), and their CV kept behind the
// storage interface, served only to those who may read the application.

describe('job applications', () => {
  let t: TestApp
  let hr: TestUser
  let job: string

  beforeAll(async () => {
    t = await buildTestApp('people-job-applications')
    hr = await createUser(t, { role: 'HR' })
    const posted = await request(t.app).post('/api/v1/jobs').set(bearer(hr)).send({
      title: 'Accountant',
      category: 'Finance',
      location: 'Ahmedabad',
      startDate: '2026-11-01',
      recruiter: hr.id,
    })
    expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    job = String(dataOf(posted)._id)
  })
  afterAll(() => t.close())

  const apply = async (name: string) => {
    const res = await request(t.app)
      .post('/api/v1/job-applications')
      .set(bearer(hr))
      .send({ job, name, email: `${name.toLowerCase()}@example.com`, totalExperience: 2, noticePeriod: 30 })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return String(dataOf(res)._id)
  }
  const step = (id: string, verb: string, body: Record<string, unknown> = {}) =>
    request(t.app).post(`/api/v1/job-applications/${id}/${verb}`).set(bearer(hr)).send(body)

  it('when a candidate goes through every round, they end hired and can no longer be rejected', async () => {
    const id = await apply('Farah')
    for (const verb of ['shortlist', 'interview', 'offer', 'hire']) {
      expect((await step(id, verb)).status, verb).toBe(200)
    }
    expect((await storedIn(t, 'job-applications', id))?.status).toBe('hired')
    const late = await step(id, 'reject', { reason: 'Changed our mind' })
    expect(late.status).toBe(409)
    expect((await storedIn(t, 'job-applications', id))?.status).toBe('hired')
    expect(await auditActions(t, id)).toEqual(['create', 'transition', 'transition', 'transition', 'transition'])
  })

  it('when an offered candidate is rejected, the reason is required and kept', async () => {
    const id = await apply('Gopal')
    for (const verb of ['shortlist', 'interview', 'offer']) await step(id, verb)
    expect((await step(id, 'reject')).status).toBe(400)
    expect((await step(id, 'reject', { reason: 'Declined the offer' })).status).toBe(200)
    expect((await storedIn(t, 'job-applications', id))?.status).toBe('rejected')
  })

  it('when the job does not exist, responds 400 naming job and stores nothing', async () => {
    const before = await t.context.resources.jobApplications.model.countDocuments({})
    const res = await request(t.app)
      .post('/api/v1/job-applications')
      .set(bearer(hr))
      .send({ job: '0123456789abcdef01234567', name: 'Nobody', email: 'nobody@example.com' })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('job')
    expect(await t.context.resources.jobApplications.model.countDocuments({})).toBe(before)
  })

  it('when HR uploads a CV, it is stored, audited and downloaded as sent; staff may not download it', async () => {
    const id = await apply('Hina')
    const uploaded = await request(t.app)
      .put(`/api/v1/job-applications/${id}/cv`)
      .set(bearer(hr))
      .attach('file', PDF, 'hina-cv.pdf')
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200)
    expect(dataOf(uploaded).cv).toMatchObject({ contentType: 'application/pdf', originalName: 'hina-cv.pdf' })
    expect(await auditActions(t, id)).toEqual(['create', 'update'])

    const download = await request(t.app)
      .get(`/api/v1/job-applications/${id}/cv`)
      .set(bearer(hr))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          done(null, Buffer.concat(chunks))
        })
      })
    expect(download.status).toBe(200)
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0)

    const staff = await createUser(t, { role: 'user' })
    expect((await request(t.app).get(`/api/v1/job-applications/${id}/cv`).set(bearer(staff))).status).toBe(403)
  })

  it('when the file is not a PDF or image, responds 415 and keeps no file', async () => {
    const id = await apply('Ishaan')
    const before = (await uploadedFiles(t)).length
    const res = await request(t.app)
      .put(`/api/v1/job-applications/${id}/cv`)
      .set(bearer(hr))
      .attach('file', NOT_AN_IMAGE, 'cv.exe')
    expect(res.status).toBe(415)
    expect((await uploadedFiles(t)).length).toBe(before)
    expect((await storedIn(t, 'job-applications', id))?.cv).toBeNull()
  })
})
