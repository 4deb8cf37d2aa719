import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeferredPanel } from '../../src/admin/deferred-panel.js'
import { adminRouter } from '../../src/admin/index.js'
import { buildApp } from '../../src/app.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The admin panel is built after the API (src/admin/deferred-panel.ts): the API answers while AdminJS loads, and
// requests to /admin that arrive meanwhile wait for the panel instead of being refused.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('deferred_panel')
})
afterAll(async () => {
  await t.close()
})

/** The AdminJS login page, as the panel serves it. */
function expectLoginPage(res: request.Response): void {
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toMatch(/text\/html/)
  expect(res.text).toContain('AdminJS')
}

describe('the admin panel, mounted after the API', () => {
  it('when nothing asked for the panel yet, /readyz is ready and the first /admin request builds it', async () => {
    const app = buildApp(t.context)
    const before = await request(app).get('/readyz')
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ status: 'ready', checks: { database: 'ok', admin: 'on first request' } })

    expectLoginPage(await request(app).get('/admin/login'))
    const after = await request(app).get('/readyz')
    expect(after.status).toBe(200)
    expect(after.body.checks.admin).toBe('ok')
  })

  it('when requests reach the panel while it is being built, each waits for it and gets its page', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const panel = new DeferredPanel(async () => {
      await gate
      return adminRouter(t.context)
    })
    void panel.mount()
    expect(panel.state()).toBe('mounting')
    // The build is released only once all three requests have reached the panel's handler, so all three are
    // provably held while it is built, whatever the machine's speed.
    let arrived = 0
    const app = express()
    app.use(
      '/admin',
      (_req, _res, next) => {
        arrived += 1
        if (arrived === 3) release()
        next()
      },
      panel.handler,
    )
    const responses = await Promise.all([1, 2, 3].map(() => request(app).get('/admin/login')))
    expect(arrived).toBe(3)
    for (const res of responses) expectLoginPage(res)
    expect(panel.state()).toBe('ready')
  })

  it('when the panel fails to build, /admin answers 500, /readyz 503 naming it, and the API still answers', async () => {
    const panel = new DeferredPanel(() => Promise.reject(new Error('panel build failed (test)')))
    const app = buildApp(t.context, panel)
    const admin = await request(app).get('/admin/login')
    expect(admin.status).toBe(500)
    expect(admin.text).not.toContain('panel build failed')
    const ready = await request(app).get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: 'ok', admin: 'failed' } })
    expect((await request(app).get('/healthz')).status).toBe(200)
    expect((await request(app).get('/api/v1/bookings')).status).toBe(401)
  })
})
