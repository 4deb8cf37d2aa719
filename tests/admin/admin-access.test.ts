import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'
import { adminLogin, postForm, recordUrl, resourceUrl, type AdminAgent } from './admin-session.js'

let t: TestApp
const users: Record<string, TestUser> = {}
const agents: Record<string, AdminAgent> = {}
let othersBooking: { _id: string; company_name?: unknown }
let bdmBooking: { _id: string }
let trashed: { _id: string }

const ROLES = ['srdev', 'dev', 'senior admin', 'admin', 'HR', 'bdm', 'user'] as const

beforeAll(async () => {
  t = await buildTestApp('admin_access')
  for (const role of ROLES) {
    users[role] = await createUser(t, { role, name: `Panel ${role}` })
    agents[role] = await adminLogin(t, users[role])
  }
  const srdev = users.srdev as TestUser
  othersBooking = await seedBooking(t, srdev, { status: 'Pending' })
  bdmBooking = await seedBooking(t, users.bdm as TestUser, { status: 'Completed' })
  trashed = await seedBooking(t, srdev)
  await t.context.resources.bookings.trash({ kind: 'system' }, trashed._id)
})
afterAll(async () => {
  await t.close()
})

const as = (role: (typeof ROLES)[number]): AdminAgent => agents[role] as AdminAgent

describe('admin login and session', () => {
  it('when the login page is served, its CSP allows this origin only and the other security headers are set', async () => {
    const res = await request(t.app).get('/admin/login').expect(200)
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self' 'unsafe-inline'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).not.toMatch(/https?:\/\//)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('when the password is wrong, the login page answers 400 with the API login message and no session', async () => {
    const agent = request.agent(t.app)
    const res = await agent
      .post('/admin/login')
      .type('form')
      .send({ email: users.srdev?.email, password: 'wrong-password' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Invalid email or password.')
    expect((await agent.get(resourceUrl('Booking', 'list'))).status).toBe(302)
  })

  it('when the account is deactivated, the panel refuses the login like the API does', async () => {
    const inactive = await createUser(t, { role: 'srdev', isActive: false })
    const res = await request(t.app)
      .post('/admin/login')
      .type('form')
      .send({ email: inactive.email, password: inactive.password })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Invalid email or password.')
  })

  it('when the signed-in user is deactivated, their next panel request is sent to the login page', async () => {
    const victim = await createUser(t, { role: 'srdev' })
    const agent = await adminLogin(t, victim)
    expect((await agent.get(resourceUrl('Booking', 'list'))).status).toBe(200)
    await t.context.models.users.updateOne({ _id: victim.id }, { isActive: false })
    t.context.principals.invalidate(victim.id)
    const res = await agent.get(resourceUrl('Booking', 'list'))
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/admin/login')
  })

  it('when the user logs out, the session is gone and the session cookie is stored in MongoDB until then', async () => {
    const user = await createUser(t, { role: 'dev' })
    const agent = await adminLogin(t, user)
    const sessions = t.context.db.connection.collection('admin_sessions')
    expect(await sessions.countDocuments()).toBeGreaterThan(0)
    expect((await agent.get('/admin/logout')).headers.location).toBe('/admin/login')
    expect((await agent.get(resourceUrl('Booking', 'list'))).status).toBe(302)
  })

  it('when nobody is signed in, admin API calls are redirected to the login page', async () => {
    const res = await request(t.app).get(resourceUrl('Booking', 'list'))
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/admin/login')
  })
})

describe('admin access: what the policy refuses, the admin API refuses (not only hides)', () => {
  const refusals: Array<[(typeof ROLES)[number], string, string]> = [
    ['HR', 'GET', resourceUrl('Booking', 'list')],
    ['HR', 'GET', '/admin/resources/Booking'],
    ['HR', 'GET', resourceUrl('BookingTrash', 'list')],
    ['user', 'GET', resourceUrl('Booking', 'list')],
    ['user', 'POST', resourceUrl('Service', 'new')],
    ['bdm', 'GET', resourceUrl('Booking', 'export')],
    ['bdm', 'GET', '/admin/export/Booking'],
    ['bdm', 'GET', resourceUrl('BookingTrash', 'list')],
    ['admin', 'GET', resourceUrl('BookingTrash', 'list')],
    ['admin', 'GET', resourceUrl('User', 'list')],
    ['dev', 'POST', resourceUrl('Role', 'new')],
    ['senior admin', 'POST', resourceUrl('User', 'new')],
  ]
  it.each(refusals)('when %s calls %s %s, responds 403', async (role, method, url) => {
    const res = method === 'GET' ? await as(role).get(url) : await postForm(as(role), url, { name: 'x' })
    expect(res.status).toBe(403)
  })

  it('when a bdm edits or deletes even their own booking, responds 403 (bdm may only read and create)', async () => {
    expect((await as('bdm').get(recordUrl('Booking', bdmBooking._id, 'edit'))).status).toBe(403)
    expect((await as('bdm').post(recordUrl('Booking', bdmBooking._id, 'delete'))).status).toBe(403)
    expect(await t.context.resources.bookings.model.countDocuments({ _id: bdmBooking._id })).toBe(1)
  })

  it('when an admin deletes a booking (no trash grant), responds 403 and the booking stays live', async () => {
    expect((await as('admin').post(recordUrl('Booking', othersBooking._id, 'delete'))).status).toBe(403)
    expect((await t.context.resources.bookings.model.findById(othersBooking._id).lean())?.deletedAt).toBeNull()
  })

  it('when a senior admin deletes a trashed booking permanently (no destroy grant), responds 403', async () => {
    const res = await as('senior admin').post(recordUrl('BookingTrash', trashed._id, 'delete'))
    expect(res.status).toBe(403)
  })

  it('when a direct URL names an unknown panel resource, responds 404', async () => {
    expect((await as('srdev').get(resourceUrl('Payroll', 'list'))).status).toBe(404)
  })

  it('when a request to the admin API comes from another site, responds 403 whatever the role', async () => {
    const res = await as('srdev')
      .get(recordUrl('BookingTrash', trashed._id, 'restore'))
      .set('sec-fetch-site', 'cross-site')
    expect(res.status).toBe(403)
    expect(
      (await t.context.resources.bookings.model.findById(trashed._id).setOptions({ withTrashed: true }).lean())
        ?.deletedAt,
    ).not.toBeNull()
  })
})

describe('admin access: a bdm sees only their own bookings, in list, count, search and show', () => {
  it('when a bdm lists bookings, the rows and the total are their own only', async () => {
    const res = await as('bdm').get(resourceUrl('Booking', 'list'))
    expect(res.status).toBe(200)
    expect(res.body.meta.total).toBe(1)
    expect(res.body.records.map((r: { id: string }) => r.id)).toEqual([bdmBooking._id])
  })

  it('when a bdm filters or searches, only their own bookings match', async () => {
    const filtered = await as('bdm').get(`${resourceUrl('Booking', 'list')}?filters.status=Pending`)
    expect(filtered.body.meta.total).toBe(0)
    const search = await as('bdm').get(`${resourceUrl('Booking', 'search')}/ACME`)
    expect(search.status).toBe(200)
    expect(search.body.records.map((r: { id: string }) => r.id)).toEqual([bdmBooking._id])
  })

  it("when a bdm opens another user's booking by URL, responds 404 and shows nothing of it", async () => {
    const res = await as('bdm').get(recordUrl('Booking', othersBooking._id, 'show'))
    expect(res.status).toBe(404)
    expect(JSON.stringify(res.body)).not.toContain(String(othersBooking.company_name))
  })

  it('when srdev lists bookings, the total counts every live booking and no trashed one', async () => {
    const res = await as('srdev').get(resourceUrl('Booking', 'list'))
    expect(res.body.meta.total).toBe(2)
    const trash = await as('srdev').get(resourceUrl('BookingTrash', 'list'))
    expect(trash.body.meta.total).toBe(1)
    expect(trash.body.records.map((r: { id: string }) => r.id)).toEqual([trashed._id])
  })

  it('when HR loads the panel, Bookings has no link in its navigation while Services does', async () => {
    const res = await as('HR').get('/admin')
    expect(res.status).toBe(200)
    const state = /window\.REDUX_STATE = (.*?);\n/s.exec(res.text)?.[1]
    expect(state).toBeDefined()
    const resources = (JSON.parse(state ?? '{}') as { resources: Array<{ id: string; href: string | null }> }).resources
    const hrefOf = (id: string) => resources.find((r) => r.id === id)?.href
    expect(hrefOf('Booking')).toBeNull()
    expect(hrefOf('BookingTrash')).toBeNull()
    expect(hrefOf('Service')).toBe('/admin/resources/Service')
  })
})
