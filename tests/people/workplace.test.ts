import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bearer, dataOf } from './fixtures.js'

// The workplace lists HR publishes and everyone reads: their rules on bad input, each naming the field and storing
// nothing.

describe('workplace lists', () => {
  let t: TestApp
  let hr: TestUser
  let staff: TestUser

  beforeAll(async () => {
    t = await buildTestApp('people-workplace')
    hr = await createUser(t, { role: 'HR' })
    staff = await createUser(t, { role: 'user' })
  })
  afterAll(() => t.close())

  const post = (path: string, body: Record<string, unknown>, by = hr) =>
    request(t.app).post(`/api/v1/${path}`).set(bearer(by)).send(body)
  const countOf = (collection: string) => t.context.db.connection.collection(collection).countDocuments({})

  it('when a second holiday names the same day, responds 409 naming date; staff read the calendar', async () => {
    expect((await post('holidays', { date: '2026-10-20', name: 'Diwali' })).status).toBe(201)
    const before = await countOf('holidays')
    const clash = await post('holidays', { date: '2026-10-20', name: 'Another' })
    expect(clash.status).toBe(409)
    expect(clash.body.details[0].path).toBe('date')
    expect(await countOf('holidays')).toBe(before)
    const listed = await request(t.app).get('/api/v1/holidays').set(bearer(staff))
    expect(listed.status).toBe(200)
    expect(listed.body.data.map((row: { name: string }) => row.name)).toContain('Diwali')
    expect((await post('holidays', { date: '2026-10-21', name: 'Mine' }, staff)).status).toBe(403)
  })

  it.each([
    ['holidays', { date: null, name: 'Null day' }, 'date'],
    ['holidays', { date: '2026-13-45', name: 'No such day' }, 'date'],
    ['trainings', { category: 'Security', title: 'Links', links: ['javascript:alert(1)'] }, 'links.0'],
    ['trainings', { category: 'Security', title: 'No links', links: [] }, 'links'],
    ['jobs', { title: 'x', category: 'y', location: 'z', startDate: '2026-01-01', recruiter: 'me' }, 'recruiter'],
    ['announcements', { title: 'To whom?', description: 'Hello', audience: 'departments' }, 'departments'],
    [
      'announcements',
      { title: 'Unknown', description: 'Hi', audience: 'departments', departments: ['Nope'] },
      'departments',
    ],
    ['events', { title: 'Offsite', manager: '0123456789abcdef01234567', date: '2026-12-01', time: '9' }, 'time'],
    ['appreciations', { award: 'Star', givenTo: '0123456789abcdef01234567', date: '2026-12-01' }, 'givenTo'],
  ] as const)('when a %s body is bad, responds 400 naming %j and stores nothing', async (path, body, field) => {
    const before = await countOf(path)
    const res = await post(path, body)
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body.details.map((detail: { path: string }) => detail.path)).toContain(field)
    expect(await countOf(path)).toBe(before)
  })

  it('when a job posting pays less at the top than at the bottom, responds 400 naming salaryMax', async () => {
    const res = await post('jobs', {
      title: 'Analyst',
      category: 'Finance',
      location: 'Pune',
      startDate: '2026-11-01',
      recruiter: hr.id,
      salaryMin: 80_000_000,
      salaryMax: 50_000_000,
    })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'salaryMax', message: 'must not be below salaryMin' }])
  })

  it('when a job posting names a skill not on the skills list, responds 400 naming skills; a listed one is fine', async () => {
    const body = { title: 'Dev', category: 'IT', location: 'Pune', startDate: '2026-11-01', recruiter: hr.id }
    expect((await post('jobs', { ...body, skills: ['COBOL'] })).body.details[0].path).toBe('skills')
    await post('skills', { name: 'COBOL' })
    const ok = await post('jobs', { ...body, skills: ['COBOL'] })
    expect(ok.status).toBe(201)
    expect(dataOf(ok).skills).toEqual(['COBOL'])
  })
})
