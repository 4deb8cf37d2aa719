import type { RequestListener } from 'node:http'
import cors from 'cors'
import helmet from 'helmet'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureHeaders } from '../../src/api/captured-headers.js'
import { withListFastPath } from '../../src/api/list-fast-path.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

// The list fast path (src/api/list-fast-path.ts) answers successful list requests in front of Express. These tests
// hold it to Express's own answer for every kind of request, and check which requests it takes at all.

const ORIGIN = 'https://frontend.test'
/** Headers that differ between any two responses. */
const VOLATILE = new Set(['date', 'connection', 'keep-alive'])

let t: TestApp
let senior: TestUser
let bdm: TestUser
let hr: TestUser

beforeAll(async () => {
  t = await buildTestApp('list_fast_path', { env: { CORS_ORIGINS: ORIGIN } })
  senior = await createUser(t, { role: 'senior admin' })
  bdm = await createUser(t, { role: 'bdm' })
  hr = await createUser(t, { role: 'HR' })
  for (const status of ['Pending', 'Pending', 'Completed']) await seedBooking(t, senior, { status })
  await seedBooking(t, bdm, { status: 'Pending' })
})
afterAll(async () => {
  await t.close()
})

interface Case {
  name: string
  path: string
  method?: 'get' | 'head' | 'post'
  headers?: (user: { senior: TestUser; bdm: TestUser; hr: TestUser }) => Record<string, string>
}

const signedIn = (user: TestUser) => ({ authorization: user.token })

const CASES: Case[] = [
  {
    name: 'a page',
    path: '/api/v1/bookings?status=Pending&sort=-date&page=1&limit=2',
    headers: (u) => signedIn(u.senior),
  },
  { name: 'a Bearer token', path: '/api/v1/bookings', headers: (u) => ({ authorization: `Bearer ${u.senior.token}` }) },
  { name: 'a bdm (own scope)', path: '/api/v1/bookings?limit=50', headers: (u) => signedIn(u.bdm) },
  { name: 'services', path: '/api/v1/services', headers: (u) => signedIn(u.hr) },
  { name: 'an allowed Origin', path: '/api/v1/bookings', headers: (u) => ({ ...signedIn(u.senior), origin: ORIGIN }) },
  {
    name: 'another Origin',
    path: '/api/v1/bookings',
    headers: (u) => ({ ...signedIn(u.senior), origin: 'https://evil.test' }),
  },
  { name: 'no token', path: '/api/v1/bookings' },
  { name: 'a bad token', path: '/api/v1/bookings', headers: () => ({ authorization: 'not-a-token' }) },
  { name: 'a forbidden role', path: '/api/v1/bookings', headers: (u) => signedIn(u.hr) },
  { name: 'a bad limit', path: '/api/v1/bookings?limit=1000', headers: (u) => signedIn(u.senior) },
  { name: 'an unknown filter', path: '/api/v1/bookings?colour=red', headers: (u) => signedIn(u.senior) },
  { name: 'an operator key', path: '/api/v1/bookings?status[$ne]=x', headers: (u) => signedIn(u.senior) },
  { name: 'the trash without the right', path: '/api/v1/bookings?trashed=only', headers: (u) => signedIn(u.bdm) },
  { name: 'a trailing slash', path: '/api/v1/bookings/', headers: (u) => signedIn(u.senior) },
  { name: 'HEAD', path: '/api/v1/bookings', method: 'head', headers: (u) => signedIn(u.senior) },
  { name: 'POST', path: '/api/v1/bookings', method: 'post', headers: (u) => signedIn(u.senior) },
]

async function send(app: RequestListener, testCase: Case, requestId: string) {
  const method = testCase.method ?? 'get'
  let req = request(app)[method](testCase.path).set('X-Request-Id', requestId)
  for (const [name, value] of Object.entries(testCase.headers?.({ senior, bdm, hr }) ?? {})) req = req.set(name, value)
  const res = await req
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !VOLATILE.has(name)))
  return { status: res.status, headers, body: res.text }
}

describe('answers exactly as Express does', () => {
  for (const testCase of CASES) {
    it(`for ${testCase.name}`, async () => {
      const id = `case-${testCase.name.replace(/\W+/g, '-')}`
      const express = await send(t.express, testCase, id)
      const fast = await send(t.app, testCase, id)
      expect(fast).toEqual(express)
    })
  }

  it('including the 304 for a page the client already has', async () => {
    const first = await request(t.app).get('/api/v1/bookings').set(signedIn(senior))
    expect(first.status).toBe(200)
    const again = await request(t.app)
      .get('/api/v1/bookings')
      .set(signedIn(senior))
      .set('If-None-Match', first.headers.etag as string)
    expect(again.status).toBe(304)
  })
})

describe('takes only the successful list', () => {
  // The same path, with a fallback that says who answered.
  let lane: RequestListener
  beforeAll(() => {
    lane = withListFastPath(t.context, {
      app: t.express,
      securityHeaders: helmet(),
      cors: cors(),
      fallback: (_req, res) => {
        res.writeHead(599).end('express')
      },
    })
  })

  it('answers a good list request itself', async () => {
    const res = await request(lane).get('/api/v1/bookings?status=Pending').set(signedIn(senior))
    expect(res.status).toBe(200)
    expect(res.body.meta.total).toBe(3)
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{36}$/)
    expect(res.headers['content-security-policy']).toBeDefined()
  })

  it.each([
    ['no token', '/api/v1/bookings', {}],
    ['a bad query', '/api/v1/bookings?limit=0', signedIn],
    ['a forbidden role', '/api/v1/bookings', () => signedIn(hr)],
    ['an operator key', '/api/v1/bookings?q[$gt]=a', signedIn],
    ['another path', '/api/v1/bookings/export.csv', signedIn],
  ] as const)('hands %s to Express', async (_name, path, headers) => {
    const set = typeof headers === 'function' ? headers(senior) : headers
    const res = await request(lane).get(path).set(set)
    expect(res.status).toBe(599)
    expect(res.text).toBe('express')
  })
})

describe('recorded headers', () => {
  it('are the middleware’s own, and refused when they vary per request (a nonce must never be frozen)', () => {
    expect(captureHeaders([helmet()], {})).toContain('x-frame-options')
    let calls = 0
    const nonce = captureHeaders(
      [
        (_req, res, next) => {
          calls += 1
          res.setHeader('content-security-policy', `script-src 'nonce-${String(calls)}'`)
          next()
        },
      ],
      {},
    )
    expect(nonce).toBeUndefined()
  })
})
