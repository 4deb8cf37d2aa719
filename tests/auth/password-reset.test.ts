import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, storedUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

interface ReceivedMail {
  to: string
  subject: string
  text: string
}

/** A real SMTP server on loopback; each test awaits the next message for its recipient. */
const inbox: ReceivedMail[] = []
const waiters: Array<{ to: string; resolve: (mail: ReceivedMail) => void }> = []
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, callback) {
    simpleParser(stream).then((parsed) => {
      const to = Array.isArray(parsed.to) ? (parsed.to[0]?.text ?? '') : (parsed.to?.text ?? '')
      const mail = { to, subject: parsed.subject ?? '', text: parsed.text ?? '' }
      inbox.push(mail)
      for (const waiter of waiters.filter((w) => w.to === to)) waiter.resolve(mail)
      callback()
    }, callback)
  },
})

function nextMailFor(to: string): Promise<ReceivedMail> {
  const already = inbox.find((mail) => mail.to === to)
  if (already) return Promise.resolve(already)
  return new Promise((resolve) => waiters.push({ to, resolve }))
}

function tokenIn(mail: ReceivedMail): string {
  const match = /http:\/\/crm\.test\/reset-password\?token=([0-9a-f]{64})/.exec(mail.text)
  if (!match?.[1]) throw new Error('no reset link in the mail')
  return match[1]
}

let t: TestApp
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const { port } = smtp.server.address() as AddressInfo
  t = await buildTestApp('password_reset', {
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'CRM <crm@test.local>' },
  })
})
afterAll(async () => {
  await t.close()
  await new Promise<void>((resolve) => {
    smtp.close(resolve)
  })
})

describe('password reset through a real SMTP server on loopback', () => {
  it('emails a one-hour link whose token is stored only as a sha256; the link works once', async () => {
    const user = await createUser(t)
    const asked = await request(t.app)
      .post('/api/v1/auth/password-reset/request')
      .send({ email: user.email.toUpperCase() })
    expect(asked.status).toBe(200)
    expect(asked.body.success).toBe(true)
    const mail = await nextMailFor(user.email)
    expect(mail.subject).toBe('Reset your password')
    const token = tokenIn(mail)
    const stored = await storedUser(t, user.id)
    expect(stored?.resetPasswordToken).toMatch(/^[0-9a-f]{64}$/)
    expect(stored?.resetPasswordToken).not.toBe(token)
    const expiresIn = (stored?.resetPasswordExpires?.getTime() ?? 0) - Date.now()
    expect(expiresIn).toBeGreaterThan(59 * 60_000)
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000)

    const next = newPassword()
    const confirmed = await request(t.app).post('/api/v1/auth/password-reset/confirm').send({ token, password: next })
    expect(confirmed.status).toBe(200)
    expect((await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: next })).status).toBe(
      200,
    )
    expect((await request(t.app).get('/api/v1/auth/me').set('authorization', user.token)).status).toBe(401)
    const afterUse = await storedUser(t, user.id)
    expect(afterUse?.resetPasswordToken).toBeNull()

    const reused = await request(t.app)
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password: newPassword() })
    expect(reused.status).toBe(400)
    expect(reused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'token' }] })
    expect((await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: next })).status).toBe(
      200,
    )
  })

  it('an expired token is refused and the password stays as it was', async () => {
    const user = await createUser(t)
    await request(t.app).post('/api/v1/auth/password-reset/request').send({ email: user.email })
    const token = tokenIn(await nextMailFor(user.email))
    await t.context.models.users.updateOne(
      { _id: user.id },
      { $set: { resetPasswordExpires: new Date(Date.now() - 1000) } },
    )
    const res = await request(t.app)
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password: newPassword() })
    expect(res.status).toBe(400)
    expect(
      (await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status,
    ).toBe(200)
  })

  it('an unknown email still gets 200 with the same body, and no mail is sent', async () => {
    const known = await createUser(t)
    const unknown = await request(t.app)
      .post('/api/v1/auth/password-reset/request')
      .send({ email: 'nobody.here@example.com' })
    const knownRes = await request(t.app).post('/api/v1/auth/password-reset/request').send({ email: known.email })
    expect(unknown.status).toBe(200)
    expect(unknown.body).toEqual(knownRes.body)
    await nextMailFor(known.email)
    expect(inbox.some((mail) => mail.to === 'nobody.here@example.com')).toBe(false)
  })

  it('the legacy routes work the same way: POST /user/request-reset-password then POST /user/reset-password/:token', async () => {
    const user = await createUser(t)
    const asked = await request(t.app).post('/user/request-reset-password').send({ email: user.email })
    expect(asked.status).toBe(200)
    expect(typeof asked.body.message).toBe('string')
    const token = tokenIn(await nextMailFor(user.email))
    const next = newPassword()
    const done = await request(t.app).post(`/user/reset-password/${token}`).send({ newPassword: next })
    expect(done.status).toBe(200)
    expect(done.body).toEqual({ message: 'Password has been reset successfully.' })
    const again = await request(t.app).post(`/user/reset-password/${token}`).send({ newPassword: newPassword() })
    expect(again.status).toBe(400)
    expect(typeof again.body.message).toBe('string')
    expect((await request(t.app).post('/user/auth/login').send({ email: user.email, password: next })).status).toBe(200)
  })
})
