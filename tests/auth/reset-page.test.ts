import { randomBytes } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashResetToken } from '../../src/auth/password-reset.js'
import { verifyPassword } from '../../src/auth/passwords.js'
import { createUser, newPassword, storedUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The emailed link `${APP_URL}/reset-password?token=...` opens a page on this server when no frontend serves one
// (APP_URL's default is the server itself): a form posting to itself, the API's single-use token check behind it.

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp('reset_page', { env: { BRAND_NAME: 'Finsera CRM' } })
})
afterAll(async () => {
  await t.close()
})

async function userWithResetToken(): Promise<{ user: TestUser; token: string }> {
  const user = await createUser(t)
  const token = randomBytes(32).toString('hex')
  await t.context.models.users.updateOne(
    { _id: user.id },
    { $set: { resetPasswordToken: hashResetToken(token), resetPasswordExpires: new Date(Date.now() + 600_000) } },
  )
  return { user, token }
}

describe('GET/POST /reset-password (the backend reset page)', () => {
  it('when the emailed link is opened, shows a branded form carrying the token, with no script', async () => {
    const { token } = await userWithResetToken()
    const res = await request(t.app).get(`/reset-password?token=${token}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.text).toContain('Finsera CRM')
    expect(res.text).toContain(`name="token" value="${token}"`)
    expect(res.text).not.toContain('<script')
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('when the form is posted with two equal passwords, the password changes and the link stops working', async () => {
    const { user, token } = await userWithResetToken()
    const chosen = newPassword()
    const res = await request(t.app)
      .post('/reset-password')
      .type('form')
      .send({ token, newPassword: chosen, confirm: chosen })
    expect(res.status).toBe(200)
    expect(res.text).toContain('Password changed')
    const stored = await storedUser(t, user.id)
    expect(await verifyPassword(chosen, stored?.password, t.config.bcryptCost)).toBe(true)
    expect(stored).toMatchObject({ resetPasswordToken: null, tokenVersion: 1 })
    const again = await request(t.app)
      .post('/reset-password')
      .type('form')
      .send({ token, newPassword: chosen, confirm: chosen })
    expect(again.status).toBe(400)
    expect(again.text).toContain('invalid, used or expired')
  })

  it('when the passwords differ or are too short, answers 400 saying so and changes nothing', async () => {
    const { user, token } = await userWithResetToken()
    const before = await storedUser(t, user.id)
    const differ = await request(t.app)
      .post('/reset-password')
      .type('form')
      .send({ token, newPassword: newPassword(), confirm: newPassword() })
    expect(differ.status).toBe(400)
    expect(differ.text).toContain('The two passwords differ.')
    const short = await request(t.app)
      .post('/reset-password')
      .type('form')
      .send({ token, newPassword: 'a1', confirm: 'a1' })
    expect(short.status).toBe(400)
    expect(short.text).toMatch(/The password .*8/)
    const after = await storedUser(t, user.id)
    expect(after?.password).toBe(before?.password)
    expect(after?.resetPasswordToken).toBe(hashResetToken(token))
  })

  it('when the link has no valid token, answers 400 with a page, not a JSON 404', async () => {
    const res = await request(t.app).get('/reset-password?token=nope')
    expect(res.status).toBe(400)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.text).toContain('Ask for a new one')
  })
})
