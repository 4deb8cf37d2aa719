import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_COOKIE } from '../../src/admin/session.js'
import { createUser, newPassword } from '../factories.js'
import { adminLogin, postForm, resourceUrl } from '../admin/admin-session.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload } from '../setup/resource-app.js'

// Findings 1 (session fixation), 2 (panel sessions outliving the credentials) and 6 (CSRF relying on
// Sec-Fetch-Site alone), through the real panel login and admin API.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('admin-sessions')
})
afterAll(async () => {
  await t.close()
})

const sidOf = (res: request.Response): string | undefined =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith(`${ADMIN_COOKIE}=`))
    ?.split(';')[0]

const bookingCount = (company: string) => t.context.resources.bookings.model.countDocuments({ company_name: company })

describe('admin sign-in issues a new session id (fixation)', () => {
  it('when an admin signs in carrying a planted session cookie, the planted cookie stays signed out', async () => {
    const low = await createUser(t, { role: 'bdm' })
    const admin = await createUser(t, { role: 'srdev' })
    const lowLogin = await request(t.app)
      .post('/admin/login')
      .type('form')
      .send({ email: low.email, password: low.password })
    const planted = sidOf(lowLogin)
    expect(planted).toBeDefined()
    const adminSignIn = await request(t.app)
      .post('/admin/login')
      .set('cookie', planted ?? '')
      .type('form')
      .send({ email: admin.email, password: admin.password })
    expect(adminSignIn.status).toBe(302)
    const fresh = sidOf(adminSignIn)
    expect(fresh).toBeDefined()
    expect(fresh).not.toBe(planted)
    // The planted cookie is not the admin's session: the trash (srdev only) stays closed to it.
    const withPlanted = await request(t.app)
      .get(resourceUrl('BookingTrash', 'list'))
      .set('cookie', planted ?? '')
    expect(withPlanted.status).not.toBe(200)
    const withFresh = await request(t.app)
      .get(resourceUrl('BookingTrash', 'list'))
      .set('cookie', fresh ?? '')
    expect(withFresh.status).toBe(200)
  })
})

describe('panel sessions end with the credentials', () => {
  it.each([
    ['password change', 'password'],
    ['API logout', 'logout'],
  ])('after a %s, the open panel session can neither list nor create bookings', async (_label, what) => {
    const user = await createUser(t, { role: 'senior admin' })
    const panel = await adminLogin(t, user)
    expect((await panel.get(resourceUrl('Booking', 'list'))).status).toBe(200)
    const api =
      what === 'password'
        ? request(t.app)
            .post('/api/v1/auth/password')
            .set('authorization', user.token)
            .send({ currentPassword: user.password, newPassword: newPassword() })
        : request(t.app).post('/api/v1/auth/logout').set('authorization', user.token)
    expect((await api).status).toBe(200)
    const list = await panel.get(resourceUrl('Booking', 'list'))
    expect(list.status).not.toBe(200)
    const company = `After ${what} Co`
    const create = await postForm(panel, resourceUrl('Booking', 'new'), bookingPayload({ company_name: company }))
    expect(create.status).not.toBe(200)
    expect(await bookingCount(company)).toBe(0)
  })

  it('after an srdev resets the password or deactivates the account, its panel session is ended', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    for (const change of [{ password: newPassword() }, { isActive: false }]) {
      const user = await createUser(t, { role: 'senior admin' })
      const panel = await adminLogin(t, user)
      const res = await request(t.app).patch(`/api/v1/users/${user.id}`).set('authorization', srdev.token).send(change)
      expect(res.status).toBe(200)
      expect((await panel.get(resourceUrl('Booking', 'list'))).status).not.toBe(200)
    }
  })
})

describe('state-changing admin requests from another origin', () => {
  it('when a POST carries the admin cookie, Origin http://evil.example and no Sec-Fetch-Site, responds 403 and creates nothing', async () => {
    const admin = await createUser(t, { role: 'srdev' })
    const panel = await adminLogin(t, admin)
    const company = 'Evil Origin Co'
    const evil = await postForm(panel, resourceUrl('Booking', 'new'), bookingPayload({ company_name: company }), {
      origin: 'http://evil.example',
    })
    expect(evil.status).toBe(403)
    const nullOrigin = await postForm(panel, resourceUrl('Booking', 'new'), bookingPayload({ company_name: company }), {
      origin: 'null',
    })
    expect(nullOrigin.status).toBe(403)
    const refererOnly = await postForm(
      panel,
      resourceUrl('Booking', 'new'),
      bookingPayload({ company_name: company }),
      { referer: 'http://evil.example/page' },
    )
    expect(refererOnly.status).toBe(403)
    expect(await bookingCount(company)).toBe(0)
  })

  it('when the POST comes from the panel its own origin, the booking is created and audited', async () => {
    const admin = await createUser(t, { role: 'srdev' })
    const panel = await adminLogin(t, admin)
    const company = 'Same Origin Co'
    const res = await postForm(panel, resourceUrl('Booking', 'new'), bookingPayload({ company_name: company }), {
      host: 'crm.test',
      origin: 'http://crm.test',
    })
    expect(res.status).toBe(200)
    expect(await bookingCount(company)).toBe(1)
    const [entry] = await auditOf(t, res.body.record.id as string)
    expect(entry).toMatchObject({ action: 'create', actor: { kind: 'user', id: admin.id } })
  })
})
