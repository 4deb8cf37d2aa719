import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

const opened: TestApp[] = []
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()))
})

async function app(dbUri?: string): Promise<TestApp> {
  const t = await buildTestApp('rate_limit', dbUri ? { dbUri } : {})
  opened.push(t)
  return t
}

const fail = (t: TestApp, email: string) =>
  request(t.app).post('/api/v1/auth/login').send({ email, password: 'wrong-password' })

describe('failed logins are rate-limited per email, with counters in MongoDB', () => {
  it('eleven failed logins in a row for one email: ten 401s, then 429 with Retry-After, even with the right password', async () => {
    const t = await app()
    const user = await createUser(t)
    for (let attempt = 1; attempt <= 10; attempt++) expect((await fail(t, user.email)).status).toBe(401)
    const eleventh = await fail(t, user.email)
    expect(eleventh.status).toBe(429)
    expect(eleventh.body).toMatchObject({ success: false, code: 'RATE_LIMITED' })
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0)
    const right = await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: user.password })
    expect(right.status).toBe(429)
    const counter = await t.context.models.loginFailures.findById(`email:${user.email}`).lean()
    expect(counter?.count).toBe(10)
  })

  it('after a restart (a new app on the same database) the eleventh attempt is still 429, also on the legacy login', async () => {
    const first = await app()
    const user = await createUser(first, { email: 'restart.case@example.com' })
    for (let attempt = 1; attempt <= 10; attempt++) expect((await fail(first, user.email)).status).toBe(401)
    await first.close()
    opened.splice(opened.indexOf(first), 1)
    const second = await app(first.dbUri)
    const res = await fail(second, 'Restart.Case@example.com')
    expect(res.status).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    const legacy = await request(second.app)
      .post('/user/auth/login')
      .send({ email: user.email, password: user.password })
    expect(legacy.status).toBe(429)
    expect(legacy.body.message).toMatch(/too many/i)
    expect(legacy.headers['retry-after']).toBeDefined()
  })

  it('a successful login clears the email counter, so earlier failures do not add up', async () => {
    const t = await app()
    const user = await createUser(t)
    for (let attempt = 1; attempt <= 9; attempt++) await fail(t, user.email)
    const ok = await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: user.password })
    expect(ok.status).toBe(200)
    expect(await t.context.models.loginFailures.findById(`email:${user.email}`).lean()).toBeNull()
    expect((await fail(t, user.email)).status).toBe(401)
  })

  it('failures from one IP across many emails hit the per-IP limit', async () => {
    const t = await buildTestApp('rate_limit_ip', { env: { LOGIN_MAX_FAILURES_PER_IP: '3' } })
    opened.push(t)
    for (let i = 0; i < 3; i++) expect((await fail(t, `someone${i}@example.com`)).status).toBe(401)
    const res = await fail(t, 'another@example.com')
    expect(res.status).toBe(429)
  })
})
