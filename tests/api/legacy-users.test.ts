import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, storedUser, uniqueEmail } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('legacy_users')
})
afterAll(async () => {
  await t.close()
})

describe('POST /user/auth/login and POST /user/login (seed 1)', () => {
  it.each(['/user/auth/login', '/user/login'])(
    '%s answers { success: true, token, user } without the hash; the token works raw',
    async (path) => {
      const user = await createUser(t, { role: 'bdm' })
      const res = await request(t.app).post(path).send({ email: user.email.toUpperCase(), password: user.password })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ success: true, user: { _id: user.id, email: user.email, user_role: 'bdm' } })
      expect(res.body.user).not.toHaveProperty('password')
      const me = await request(t.app)
        .get('/api/v1/auth/me')
        .set('authorization', res.body.token as string)
      expect(me.status).toBe(200)
    },
  )

  it('a wrong password or unknown email is 401 { message: "Invalid email or password." }; an operator object is 400', async () => {
    const user = await createUser(t)
    const wrong = await request(t.app).post('/user/auth/login').send({ email: user.email, password: 'nope-nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.message).toBe('Invalid email or password.')
    const injected = await request(t.app)
      .post('/user/auth/login')
      .send({ email: { $gt: '' }, password: 'x' })
    expect(injected.status).toBe(400)
    expect(typeof injected.body.message).toBe('string')
    expect(injected.body).not.toHaveProperty('token')
  })
})

describe('user management routes (authorised from the JWT, never from user-role headers)', () => {
  it('POST /user/adduser by srdev answers 201 with the user (no hash); a duplicate email is 409 "Email is already registered"', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const email = uniqueEmail('legacy')
    const res = await request(t.app)
      .post('/user/adduser')
      .set('authorization', srdev.token)
      .send({ name: 'Legacy Made', email, password: newPassword(), user_role: 'bdm' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: 'Legacy Made', email, user_role: 'bdm' })
    expect(res.body).not.toHaveProperty('password')
    const dup = await request(t.app)
      .post('/user/adduser')
      .set('authorization', srdev.token)
      .send({ name: 'Again', email, password: newPassword() })
    expect(dup.status).toBe(409)
    expect(dup.body.message).toBe('Email is already registered')
    expect(await t.context.models.users.countDocuments({ email })).toBe(1)
  })

  it('POST /user/adduser by a bdm claiming user-role: srdev in the header is 403 and stores nothing', async () => {
    const bdm = await createUser(t, { role: 'bdm' })
    const email = uniqueEmail()
    const res = await request(t.app)
      .post('/user/adduser')
      .set('authorization', bdm.token)
      .set('user-role', 'srdev')
      .send({ name: 'X', email, password: newPassword() })
    expect(res.status).toBe(403)
    expect(typeof res.body.message).toBe('string')
    expect(await t.context.models.users.exists({ email })).toBeNull()
  })

  it('POST /user/adduser with a bad email is 400 whose message names email; nothing stored', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const res = await request(t.app)
      .post('/user/adduser')
      .set('authorization', srdev.token)
      .send({ name: 'X', email: 'bad', password: newPassword() })
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('email')
    expect(await t.context.models.users.exists({ email: 'bad' })).toBeNull()
  })

  it('without a token the routes answer 401 { message: "Authentication required" }', async () => {
    const res = await request(t.app).get('/user/all')
    expect(res.status).toBe(401)
    expect(res.body.message).toBe('Authentication required')
  })

  it('PATCH /user/edituser/:id answers { message, user } and stores the change; an empty body is 400; unknown id 404', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const target = await createUser(t)
    const res = await request(t.app)
      .patch(`/user/edituser/${target.id}`)
      .set('authorization', srdev.token)
      .send({ name: 'Edited', user_role: 'HR' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ message: 'User updated successfully', user: { name: 'Edited', user_role: 'HR' } })
    expect(res.body.user).not.toHaveProperty('password')
    expect(await storedUser(t, target.id)).toMatchObject({ name: 'Edited', user_role: 'HR' })
    expect(
      (await request(t.app).patch(`/user/edituser/${target.id}`).set('authorization', srdev.token).send({})).status,
    ).toBe(400)
    const missing = await request(t.app)
      .patch('/user/edituser/0123456789abcdef01234567')
      .set('authorization', srdev.token)
      .send({ name: 'x' })
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('User not found')
  })

  it('DELETE /user/deleteuser/:id answers 200 { message } and deactivates (the record stays, sign-in stops)', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const target = await createUser(t)
    const res = await request(t.app).delete(`/user/deleteuser/${target.id}`).set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ message: 'User deleted successfully' })
    expect((await storedUser(t, target.id))?.isActive).toBe(false)
    expect(
      (await request(t.app).post('/user/auth/login').send({ email: target.email, password: target.password })).status,
    ).toBe(401)
  })

  it('GET /user/all answers { Users } without hashes for srdev, 403 for a bdm', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const res = await request(t.app).get('/user/all').set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(Array.isArray(res.body.Users)).toBe(true)
    expect(res.body.Users.some((u: { _id: string }) => u._id === srdev.id)).toBe(true)
    expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$/)
    const bdm = await createUser(t, { role: 'bdm' })
    expect((await request(t.app).get('/user/all').set('authorization', bdm.token)).status).toBe(403)
  })
})

describe('PATCH /user/logout/:id and PUT /user/password-reset', () => {
  it("logout of one's own id answers the user and revokes the token; another user's id is 403 and revokes nothing", async () => {
    const a = await createUser(t)
    const b = await createUser(t)
    const other = await request(t.app).patch(`/user/logout/${b.id}`).set('authorization', a.token)
    expect(other.status).toBe(403)
    expect((await storedUser(t, b.id))?.tokenVersion).toBe(0)
    const unauthenticated = await request(t.app).patch(`/user/logout/${b.id}`)
    expect(unauthenticated.status).toBe(401)
    const own = await request(t.app).patch(`/user/logout/${a.id}`).set('authorization', a.token)
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({ _id: a.id, email: a.email })
    expect(own.body).not.toHaveProperty('password')
    expect((await request(t.app).get('/api/v1/auth/me').set('authorization', a.token)).status).toBe(401)
  })

  it("PUT /user/password-reset answers 410 and cannot change anyone's password", async () => {
    const victim = await createUser(t, { role: 'srdev' })
    const before = (await storedUser(t, victim.id))?.password
    const res = await request(t.app).put('/user/password-reset').send({ email: victim.email, password: newPassword() })
    expect(res.status).toBe(410)
    expect(typeof res.body.message).toBe('string')
    expect((await storedUser(t, victim.id))?.password).toBe(before)
    expect(
      (await request(t.app).post('/user/auth/login').send({ email: victim.email, password: victim.password })).status,
    ).toBe(200)
  })
})
