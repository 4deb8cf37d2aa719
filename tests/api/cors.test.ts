import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The browser frontends live on other origins: their preflights must pass from a listed origin with every header
// they send, and from any other origin get no CORS header (the browser refuses) and never a 401.

const FRONT = 'https://crm.example.com'
const FRONTEND_HEADERS = 'authorization,content-type,idempotency-key,if-match,user-role,user-name'
let listed: TestApp
let unset: TestApp

beforeAll(async () => {
  listed = await buildTestApp('cors_listed', { env: { CORS_ORIGINS: `${FRONT}, http://localhost:5173` } })
  unset = await buildTestApp('cors_unset')
})
afterAll(async () => {
  await Promise.all([listed.close(), unset.close()])
})

function preflight(t: TestApp, path: string, origin: string, method = 'PATCH') {
  return request(t.app)
    .options(path)
    .set('origin', origin)
    .set('access-control-request-method', method)
    .set('access-control-request-headers', FRONTEND_HEADERS)
}

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
]

describe('CORS preflight', () => {
  it('when a listed origin preflights a legacy or v1 write, answers 204 allowing its headers and exposing ETag', async () => {
    for (const path of ['/booking/editbooking/abc', '/api/v1/bookings/abc', '/services/api/services']) {
      const res = await preflight(listed, path, FRONT)
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(FRONT)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(res.headers['access-control-allow-methods']).toContain('PATCH')
      const allowed = (res.headers['access-control-allow-headers'] ?? '').toLowerCase().split(',')
      for (const header of FRONTEND_HEADERS.split(',')) expect(allowed).toContain(header)
      expect(res.headers['access-control-expose-headers']).toContain('ETag')
    }
  })

  it('when another origin preflights, answers 204 with no CORS header, never 401, whether CORS_ORIGINS is set or not', async () => {
    for (const t of [listed, unset]) {
      for (const path of ['/booking/all', '/api/v1/bookings', '/user/auth/login']) {
        const res = await preflight(t, path, 'https://elsewhere.example.org', 'GET')
        expect(res.status).toBe(204)
        for (const header of CORS_HEADERS) expect(res.headers).not.toHaveProperty(header)
      }
    }
  })

  it('when a listed origin makes the real request, the answer exposes ETag and allows the origin', async () => {
    const srdev = await createUser(listed, { role: 'srdev' })
    const res = await request(listed.app).get('/booking/all').set('origin', FRONT).set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe(FRONT)
    expect(res.headers['access-control-expose-headers']).toContain('ETag')
    const foreign = await request(listed.app)
      .get('/booking/all')
      .set('origin', 'https://elsewhere.example.org')
      .set('authorization', srdev.token)
    expect(foreign.headers).not.toHaveProperty('access-control-allow-origin')
  })
})
