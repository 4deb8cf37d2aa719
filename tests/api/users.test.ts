import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, storedUser, uniqueEmail } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('users')
})
afterAll(async () => {
  await t.close()
})

const paths = (res: request.Response): string[] => (res.body.details as { path: string }[]).map((d) => d.path)

describe('POST /api/v1/users', () => {
  it('when the input is valid, responds 201 with the user (no hash) and stores a bcrypt hash with a lower-cased email', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const password = newPassword()
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: ' Asha Rao ', email: 'Asha.Rao@Example.COM', password, user_role: 'bdm' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      success: true,
      data: { name: 'Asha Rao', email: 'asha.rao@example.com', user_role: 'bdm', isActive: true },
    })
    for (const secret of ['password', 'resetPasswordToken', 'resetPasswordExpires', 'tokenVersion']) {
      expect(res.body.data).not.toHaveProperty(secret)
    }
    const stored = await storedUser(t, res.body.data._id as string)
    expect(stored?.password).toMatch(/^\$2[aby]\$04\$/)
    expect(stored?.password).not.toContain(password)
  })

  it('when the email is malformed, responds 400 VALIDATION_FAILED naming email and stores nothing', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const before = await t.context.models.users.countDocuments()
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: 'Bad Email', email: 'not-an-email', password: newPassword() })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' })
    expect(typeof res.body.requestId).toBe('string')
    expect(paths(res)).toEqual(['email'])
    expect(await t.context.models.users.countDocuments()).toBe(before)
  })

  it('when name and password are missing and the role is unknown, names every field and stores nothing', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const email = uniqueEmail()
    const missing = await request(t.app).post('/api/v1/users').set('authorization', srdev.token).send({ email })
    expect(missing.status).toBe(400)
    expect(paths(missing).sort()).toEqual(['name', 'password'])
    const unknownRole = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: 'X', email, password: newPassword(), user_role: 'wizard' })
    expect(unknownRole.status).toBe(400)
    expect(paths(unknownRole)).toEqual(['user_role'])
    expect(await t.context.models.users.exists({ email })).toBeNull()
  })

  it('when the email is already registered (in another case), responds 409 CONFLICT naming email', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const existing = await createUser(t)
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: 'Dup', email: existing.email.toUpperCase(), password: newPassword() })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ success: false, code: 'CONFLICT', details: [{ path: 'email' }] })
    expect(await t.context.models.users.countDocuments({ email: existing.email })).toBe(1)
  })

  it('when a dev tries to create an srdev, responds 403 and stores nothing (no escalation)', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const email = uniqueEmail()
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', dev.token)
      .send({ name: 'Boss', email, password: newPassword(), user_role: 'srdev' })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('FORBIDDEN')
    expect(await t.context.models.users.exists({ email })).toBeNull()
  })

  it('when the body carries a $ key, responds 400 and stores nothing', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: 'X', email: uniqueEmail(), password: newPassword(), $where: '1' })
    expect(res.status).toBe(400)
    expect(paths(res)).toContain('$where')
  })
})

describe('GET /api/v1/users', () => {
  it('pages with meta { page, limit, total } and matches q literally (regex characters escaped)', async () => {
    const dev = await createUser(t, { role: 'dev' })
    await createUser(t, { name: 'Zed (a+b) Person' })
    await createUser(t, { name: 'Zed ab Person' })
    const res = await request(t.app)
      .get('/api/v1/users')
      .query({ q: '(a+b)', limit: 1 })
      .set('authorization', dev.token)
    expect(res.status).toBe(200)
    expect(res.body.meta).toEqual({ page: 1, limit: 1, total: 1 })
    expect(res.body.data).toHaveLength(1)
    expect(res.body.data[0].name).toBe('Zed (a+b) Person')
    expect(res.body.data[0]).not.toHaveProperty('password')
  })

  it('when limit is out of range, responds 400 naming limit', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const res = await request(t.app).get('/api/v1/users').query({ limit: 1000 }).set('authorization', dev.token)
    expect(res.status).toBe(400)
    expect(paths(res)).toEqual(['limit'])
  })
})

describe('GET/PATCH/DELETE /api/v1/users/:id', () => {
  it('a malformed or unknown id is a 404 NOT_FOUND', async () => {
    const dev = await createUser(t, { role: 'dev' })
    for (const id of ['not-an-id', '0123456789abcdef01234567']) {
      const res = await request(t.app).get(`/api/v1/users/${id}`).set('authorization', dev.token)
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ success: false, code: 'NOT_FOUND' })
    }
  })

  it("an update with a new password stores a new hash and revokes that user's tokens", async () => {
    const dev = await createUser(t, { role: 'dev' })
    const target = await createUser(t)
    const res = await request(t.app)
      .patch(`/api/v1/users/${target.id}`)
      .set('authorization', dev.token)
      .send({ password: newPassword() })
    expect(res.status).toBe(200)
    expect(res.body.data).not.toHaveProperty('password')
    expect((await storedUser(t, target.id))?.tokenVersion).toBe(1)
    expect((await request(t.app).get('/api/v1/auth/me').set('authorization', target.token)).status).toBe(401)
  })

  it('an update to an email another user has is a 409 naming email, and nothing changes', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const a = await createUser(t)
    const b = await createUser(t)
    const res = await request(t.app)
      .patch(`/api/v1/users/${a.id}`)
      .set('authorization', dev.token)
      .send({ email: b.email })
    expect(res.status).toBe(409)
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'email' })])
    expect((await storedUser(t, a.id))?.email).toBe(a.email)
  })

  it('an empty update is a 400', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const target = await createUser(t)
    const res = await request(t.app).patch(`/api/v1/users/${target.id}`).set('authorization', dev.token).send({})
    expect(res.status).toBe(400)
  })

  it('DELETE deactivates (the record stays, isActive false) and refuses to deactivate oneself', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const target = await createUser(t)
    const res = await request(t.app).delete(`/api/v1/users/${target.id}`).set('authorization', dev.token)
    expect(res.status).toBe(200)
    expect(res.body.data.isActive).toBe(false)
    expect((await storedUser(t, target.id))?.isActive).toBe(false)
    const self = await request(t.app).delete(`/api/v1/users/${dev.id}`).set('authorization', dev.token)
    expect(self.status).toBe(409)
    expect((await storedUser(t, dev.id))?.isActive).toBe(true)
  })

  it('a dev may not edit an srdev (their role can change the matrix)', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const srdev = await createUser(t, { role: 'srdev' })
    const res = await request(t.app)
      .patch(`/api/v1/users/${srdev.id}`)
      .set('authorization', dev.token)
      .send({ password: newPassword() })
    expect(res.status).toBe(403)
    expect((await storedUser(t, srdev.id))?.tokenVersion).toBe(0)
  })
})
