import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('app', { env: { CORS_ORIGINS: 'https://crm.example.com', BODY_LIMIT: '2kb' } })
})
afterAll(async () => {
  await t.close()
})

describe('probes', () => {
  it('GET /healthz answers 200 and GET /readyz answers 200 while the database answers', async () => {
    expect((await request(t.app).get('/healthz')).status).toBe(200)
    const ready = await request(t.app).get('/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body.checks.database).toBe('ok')
  })

  it('GET /readyz answers 503 once the database connection is gone, while /healthz stays 200', async () => {
    const other = await buildTestApp('app_down')
    await other.close()
    const ready = await request(other.app).get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body.checks.database).toBe('down')
    expect((await request(other.app).get('/healthz')).status).toBe(200)
  })
})

describe('the envelope and request context', () => {
  it('an unknown path is a 404 NOT_FOUND envelope with the request id also sent as X-Request-Id', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ success: false, code: 'NOT_FOUND', details: [] })
    expect(res.body.requestId).toBe(res.headers['x-request-id'])
  })

  it('keeps a sane incoming X-Request-Id and replaces a hostile one', async () => {
    const kept = await request(t.app).get('/api/v1/nothing').set('x-request-id', 'proxy-id-12345678')
    expect(kept.headers['x-request-id']).toBe('proxy-id-12345678')
    const replaced = await request(t.app).get('/api/v1/nothing').set('x-request-id', 'bad id <script>')
    expect(replaced.headers['x-request-id']).not.toContain('script')
  })

  it('a body over the limit is a 413 PAYLOAD_TOO_LARGE; malformed JSON is a 400', async () => {
    const big = await request(t.app)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(5000) }))
    expect(big.status).toBe(413)
    expect(big.body).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' })
    const broken = await request(t.app)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
    expect(broken.status).toBe(400)
    expect(broken.body.code).toBe('VALIDATION_FAILED')
  })

  it('a $ key in the query string is refused with 400', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const res = await request(t.app).get('/api/v1/users?isActive[$ne]=x').set('authorization', dev.token)
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('isActive.$ne')
  })
})

describe('security headers and CORS', () => {
  it('sends helmet headers and no X-Powered-By', async () => {
    const res = await request(t.app).get('/healthz')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers).not.toHaveProperty('x-powered-by')
  })

  it('allows listed origins only', async () => {
    const allowed = await request(t.app)
      .options('/api/v1/auth/login')
      .set('origin', 'https://crm.example.com')
      .set('access-control-request-method', 'POST')
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example.com')
    const other = await request(t.app)
      .options('/api/v1/auth/login')
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'POST')
    expect(other.headers).not.toHaveProperty('access-control-allow-origin')
  })
})
