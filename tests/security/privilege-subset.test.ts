import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, storedUser, uniqueEmail } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// Finding 3: a dev could promote themselves to senior admin, create senior admins and set a senior admin's password.
// The rule lives in the policy (holdsAll): a role is given, and its accounts edited, only by someone holding all of it.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('privilege-subset')
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe('privilege subset: nobody grants or acts on a role stronger than their own', () => {
  it('when a dev sets their own role to senior admin, responds 403, the role is unchanged and the trash stays closed', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const res = await api()
      .patch(`/api/v1/users/${dev.id}`)
      .set('authorization', dev.token)
      .send({ user_role: 'senior admin' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ success: false, code: 'FORBIDDEN' })
    expect((await storedUser(t, dev.id))?.user_role).toBe('dev')
    const trash = await api().get('/api/v1/bookings?trashed=only').set('authorization', dev.token)
    expect(trash.status).toBe(403)
  })

  it('when a dev changes their own role even to a weaker one, responds 403 (no self role change)', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const res = await api().patch(`/api/v1/users/${dev.id}`).set('authorization', dev.token).send({ user_role: 'user' })
    expect(res.status).toBe(403)
    expect((await storedUser(t, dev.id))?.user_role).toBe('dev')
  })

  it('when a dev creates a senior admin, responds 403 and stores nothing; a bdm account is created', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const email = uniqueEmail('climb')
    const refused = await api()
      .post('/api/v1/users')
      .set('authorization', dev.token)
      .send({ name: 'Climber', email, password: newPassword(), user_role: 'senior admin' })
    expect(refused.status).toBe(403)
    expect(await t.context.models.users.countDocuments({ email })).toBe(0)
    const allowed = await api()
      .post('/api/v1/users')
      .set('authorization', dev.token)
      .send({ name: 'Seller', email, password: newPassword(), user_role: 'bdm' })
    expect(allowed.status).toBe(201)
  })

  it("when a dev sets a senior admin's password or deactivates them, responds 403 and the account is untouched", async () => {
    const dev = await createUser(t, { role: 'dev' })
    const senior = await createUser(t, { role: 'senior admin' })
    const before = await storedUser(t, senior.id)
    const reset = await api()
      .patch(`/api/v1/users/${senior.id}`)
      .set('authorization', dev.token)
      .send({ password: newPassword() })
    expect(reset.status).toBe(403)
    const deactivate = await api().delete(`/api/v1/users/${senior.id}`).set('authorization', dev.token)
    expect(deactivate.status).toBe(403)
    const after = await storedUser(t, senior.id)
    expect(after?.password).toBe(before?.password)
    expect(after?.isActive).toBe(true)
    const login = await api().post('/api/v1/auth/login').send({ email: senior.email, password: senior.password })
    expect(login.status).toBe(200)
  })

  it('when the legacy door is used to promote, responds 403 too (the rule sits below both doors)', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const target = await createUser(t, { role: 'user' })
    const res = await api()
      .patch(`/user/edituser/${target.id}`)
      .set('authorization', dev.token)
      .send({ user_role: 'senior admin' })
    expect(res.status).toBe(403)
    expect((await storedUser(t, target.id))?.user_role).toBe('user')
  })

  it('when an srdev promotes another user to senior admin, responds 200 and stores the role', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const target = await createUser(t, { role: 'user' })
    const res = await api()
      .patch(`/api/v1/users/${target.id}`)
      .set('authorization', srdev.token)
      .send({ user_role: 'senior admin' })
    expect(res.status).toBe(200)
    expect((await storedUser(t, target.id))?.user_role).toBe('senior admin')
  })
})
