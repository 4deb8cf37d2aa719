import { request as httpRequest } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { newPassword } from '../factories.js'
import { killAppProcesses, startApp, type LogLine } from '../setup/app-process.js'

// The real entry point on a fresh DATA_DIR (the embedded database), started and stopped as an operator would.
//
// The in-flight request is a login whose body the test holds back: the server logs "request started" when the
// headers arrive, the test sends SIGTERM, waits for "shutdown started", and only then sends the rest of the body.
// So the request is provably in flight across the signal whatever the machine's load. (It used to rely on a bcrypt
// cost of 14 being slow, which on a loaded machine outlasted the 20 s grace.) Passwords use cost 12, the minimum
// outside tests.

const ADMIN = { email: 'lifecycle@example.com', password: newPassword() }
afterAll(killAppProcesses)

/** A POST whose body is sent in two parts; `finish()` sends the second. */
function heldBackPost(url: string, body: string) {
  const cut = Math.floor(body.length / 2)
  let resolveResponse: (value: { status: number; text: string }) => void = () => undefined
  let rejectResponse: (error: Error) => void = () => undefined
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    resolveResponse = resolve
    rejectResponse = reject
  })
  const req = httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  })
  req.on('response', (res) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => (text += chunk))
    res.on('end', () => {
      resolveResponse({ status: res.statusCode ?? 0, text })
    })
  })
  req.on('error', rejectResponse)
  req.write(body.slice(0, cut))
  return {
    response,
    finish: () => {
      req.end(body.slice(cut))
    },
  }
}

describe('the start command on a fresh DATA_DIR', () => {
  it('serves /readyz 200 on the embedded database; SIGTERM during a login lets it complete, then exits 0', async () => {
    const app = startApp({ BCRYPT_COST: '12', SEED_ADMIN_EMAIL: ADMIN.email, SEED_ADMIN_PASSWORD: ADMIN.password })
    const base = await app.base()

    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok' } })

    const login = heldBackPost(`${base}/api/v1/auth/login`, JSON.stringify(ADMIN))
    await app.waitFor((line) => line.message === 'request started' && line.path === '/api/v1/auth/login')
    app.child.kill('SIGTERM')
    await app.waitFor((line) => line.message === 'shutdown started')
    login.finish()

    const res = await login.response
    expect(res.status).toBe(200)
    const body = JSON.parse(res.text) as { success: boolean; data: { token: string } }
    expect(body.success).toBe(true)
    expect(body.data.token.split('.')).toHaveLength(3)
    expect(await app.exited).toBe(0)

    const order = (test: (line: LogLine) => boolean): number => app.lines.findIndex(test)
    const shutdownAt = order((line) => line.message === 'shutdown started')
    const loginDoneAt = order((line) => line.message === 'http request' && line.path === '/api/v1/auth/login')
    expect(shutdownAt).toBeGreaterThanOrEqual(0)
    expect(loginDoneAt).toBeGreaterThan(shutdownAt)
    expect(order((line) => line.message === 'shutdown complete')).toBeGreaterThan(loginDoneAt)
    expect(order((line) => line.message === 'shutdown timed out; exiting with requests still open')).toBe(-1)
  }, 120_000)
})
