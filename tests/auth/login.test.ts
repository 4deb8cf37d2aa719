import jwt from 'jsonwebtoken'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFirstUser } from '../../src/auth/first-user.js'
import { createUser, newPassword, storedUser } from '../factories.js'
import { buildTestApp, TEST_JWT_SECRET, type TestApp } from '../setup/app.js'

const ADMIN_EMAIL = 'Seed.Admin@Example.com'
const ADMIN_PASSWORD = newPassword()
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp('login', { env: { SEED_ADMIN_EMAIL: ADMIN_EMAIL, SEED_ADMIN_PASSWORD: ADMIN_PASSWORD } })
  await ensureFirstUser(t.context)
})
afterAll(async () => {
  await t.close()
})

async function loginAs(email: string, password: string) {
  return request(t.app).post('/api/v1/auth/login').send({ email, password })
}

function expect401(res: request.Response, message?: string): void {
  expect(res.status).toBe(401)
  expect(res.body).toMatchObject({ success: false, code: 'UNAUTHENTICATED' })
  expect(typeof res.body.message).toBe('string')
  if (message) expect(res.body.message).toBe(message)
}

describe('POST /api/v1/auth/login with the seeded admin', () => {
  it('when the credentials are right (email in any case), returns a JWT with userId, user_role and no password hash', async () => {
    const res = await loginAs(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD)
    expect(res.status).toBe(200)
    expect(res.body.success).toBe(true)
    expect(res.body.data.user).toMatchObject({ email: ADMIN_EMAIL.toLowerCase(), user_role: 'srdev', isActive: true })
    expect(res.body.data.user).not.toHaveProperty('password')
    expect(res.body.data.user).not.toHaveProperty('tokenVersion')
    const claims = jwt.verify(res.body.data.token as string, TEST_JWT_SECRET, { algorithms: ['HS256'] })
    expect(claims).toMatchObject({ userId: res.body.data.user._id, user_role: 'srdev', tv: 0 })
    expect(jwt.decode(res.body.data.token as string, { complete: true })?.header.alg).toBe('HS256')
  })

  it('when the password is wrong, responds 401 with the same message as for an unknown email', async () => {
    const wrong = await loginAs(ADMIN_EMAIL, 'not-the-password')
    const unknown = await loginAs('nobody@example.com', 'whatever-password')
    expect401(wrong, 'Invalid email or password.')
    expect401(unknown, 'Invalid email or password.')
  })

  it('when the email is an operator object, responds 400 VALIDATION_FAILED naming email and signs nobody in', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: { $gt: '' }, password: 'x' })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' })
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain('email.$gt')
    expect(res.body).not.toHaveProperty('data')
    expect(JSON.stringify(res.body)).not.toMatch(/eyJ/)
  })

  it('when the body has unknown fields, responds 400 naming them', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, role: 'x' })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'role' })])
  })
})

describe('GET /api/v1/auth/me', () => {
  it('answers 200 with the raw token in authorization (the seed contract) and with Bearer <token>', async () => {
    const { body } = await loginAs(ADMIN_EMAIL, ADMIN_PASSWORD)
    const token = body.data.token as string
    const raw = await request(t.app).get('/api/v1/auth/me').set('authorization', token)
    const bearer = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)
    for (const res of [raw, bearer]) {
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ success: true, data: { email: ADMIN_EMAIL.toLowerCase(), user_role: 'srdev' } })
      expect(res.body.data).not.toHaveProperty('password')
    }
  })

  it('without a token, responds 401 { success: false, code, message }', async () => {
    expect401(await request(t.app).get('/api/v1/auth/me'), 'Authentication required')
  })

  it('with a tampered token (payload changed, signature kept), responds 401', async () => {
    const user = await createUser(t, { role: 'user' })
    const [header, , signature] = user.token.split('.')
    const forged = Buffer.from(JSON.stringify({ userId: user.id, user_role: 'srdev', tv: 0 })).toString('base64url')
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', `${header}.${forged}.${signature}`))
  })

  it('with a token signed by another secret or with alg none, responds 401', async () => {
    const user = await createUser(t)
    const otherSecret = jwt.sign({ userId: user.id, user_role: 'srdev', tv: 0 }, 'another-secret-another-secret-0123')
    const none = jwt.sign({ userId: user.id, user_role: 'srdev', tv: 0 }, '', { algorithm: 'none' })
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', otherSecret))
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', none))
  })

  it('with an expired token, responds 401', async () => {
    const user = await createUser(t)
    const expired = jwt.sign(
      { userId: user.id, user_role: user.role, tv: 0, exp: Math.floor(Date.now() / 1000) - 60 },
      TEST_JWT_SECRET,
    )
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', expired), 'Invalid or expired token')
  })

  it('after logout, the earlier token answers 401 and the stored token version moved on', async () => {
    const user = await createUser(t)
    const { body } = await loginAs(user.email, user.password)
    const token = body.data.token as string
    const out = await request(t.app).post('/api/v1/auth/logout').set('authorization', token)
    expect(out.status).toBe(200)
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', token))
    expect((await storedUser(t, user.id))?.tokenVersion).toBe(1)
    const again = await loginAs(user.email, user.password)
    expect(
      (
        await request(t.app)
          .get('/api/v1/auth/me')
          .set('authorization', again.body.data.token as string)
      ).status,
    ).toBe(200)
  })

  it('when the user was deactivated after the token was issued, responds 401 at once', async () => {
    const admin = await createUser(t, { role: 'srdev' })
    const user = await createUser(t)
    expect((await request(t.app).get('/api/v1/auth/me').set('authorization', user.token)).status).toBe(200)
    const off = await request(t.app).delete(`/api/v1/users/${user.id}`).set('authorization', admin.token)
    expect(off.status).toBe(200)
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', user.token))
    expect401(await loginAs(user.email, user.password), 'Invalid email or password.')
  })

  it("when the user's role changed after the token was issued, the new role applies to the next request", async () => {
    const admin = await createUser(t, { role: 'srdev' })
    const user = await createUser(t, { role: 'dev' })
    expect((await request(t.app).get('/api/v1/users').set('authorization', user.token)).status).toBe(200)
    const change = await request(t.app)
      .patch(`/api/v1/users/${user.id}`)
      .set('authorization', admin.token)
      .send({ user_role: 'bdm' })
    expect(change.status).toBe(200)
    expect((await request(t.app).get('/api/v1/users').set('authorization', user.token)).status).toBe(403)
  })
})

describe('self-service through /api/v1/auth/me and /password', () => {
  it('every user can change their own name', async () => {
    const user = await createUser(t, { role: 'bdm' })
    const res = await request(t.app)
      .patch('/api/v1/auth/me')
      .set('authorization', user.token)
      .send({ name: 'Renamed Person' })
    expect(res.status).toBe(200)
    expect(res.body.data.name).toBe('Renamed Person')
    expect((await storedUser(t, user.id))?.name).toBe('Renamed Person')
  })

  it('cannot change their own role through me: responds 400 naming user_role and stores nothing', async () => {
    const user = await createUser(t, { role: 'bdm' })
    const res = await request(t.app)
      .patch('/api/v1/auth/me')
      .set('authorization', user.token)
      .send({ user_role: 'srdev' })
    expect(res.status).toBe(400)
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain('user_role')
    expect((await storedUser(t, user.id))?.user_role).toBe('bdm')
  })

  it('a password change needs the current password, returns a working token and revokes the earlier ones', async () => {
    const user = await createUser(t)
    const next = newPassword()
    const wrong = await request(t.app)
      .post('/api/v1/auth/password')
      .set('authorization', user.token)
      .send({ currentPassword: 'nope-nope', newPassword: next })
    expect(wrong.status).toBe(400)
    expect(wrong.body.details).toEqual([expect.objectContaining({ path: 'currentPassword' })])
    const res = await request(t.app)
      .post('/api/v1/auth/password')
      .set('authorization', user.token)
      .send({ currentPassword: user.password, newPassword: next })
    expect(res.status).toBe(200)
    expect401(await request(t.app).get('/api/v1/auth/me').set('authorization', user.token))
    expect(
      (
        await request(t.app)
          .get('/api/v1/auth/me')
          .set('authorization', res.body.data.token as string)
      ).status,
    ).toBe(200)
    expect((await loginAs(user.email, next)).status).toBe(200)
    expect401(await loginAs(user.email, user.password))
  })

  it('a new password shorter than 8 characters is a 400 naming newPassword', async () => {
    const user = await createUser(t)
    const res = await request(t.app)
      .post('/api/v1/auth/password')
      .set('authorization', user.token)
      .send({ currentPassword: user.password, newPassword: 'short' })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'newPassword' })])
  })
})
