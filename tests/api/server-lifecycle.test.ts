import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { newPassword } from '../factories.js'

// Runs the real entry point (what `npm start` runs: `tsx src/main.ts`) as a child process on a fresh DATA_DIR with no MONGO_URL, i.e. on the
// embedded database, exactly as on a fresh clone.
//
// The "slow request" is a login with a production-strength bcrypt cost (14): it naturally takes a second or more,
// so no test-only slow route exists in the app. The test waits for the server's own "request started" line for that
// login before sending SIGTERM, and checks that the shutdown began before the login's access line was written.

interface LogLine {
  message?: string
  port?: number
  path?: string
  method?: string
  status?: number
}

const ADMIN = { email: 'lifecycle@example.com', password: newPassword() }
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})

function start(): {
  child: ChildProcess
  lines: LogLine[]
  waitFor: (test: (line: LogLine) => boolean) => Promise<LogLine>
} {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-lifecycle-'))
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_DIR: path.join(inject('logDir'), `lifecycle-${path.basename(dataDir)}`),
    LOG_LEVEL: 'debug',
    BCRYPT_COST: '14',
    SEED_ADMIN_EMAIL: ADMIN.email,
    SEED_ADMIN_PASSWORD: ADMIN.password,
    MONGO_URL: undefined,
    Mongo_URL: undefined,
  }
  // The command of `npm start`, run directly: npm itself would turn the child's exit into a signal death.
  const child = spawn(path.join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines: LogLine[] = []
  const waiters: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = []
  let buffer = ''
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    const complete = buffer.split('\n')
    buffer = complete.pop() ?? ''
    for (const text of complete) {
      if (!text.startsWith('{')) continue
      const line = JSON.parse(text) as LogLine
      lines.push(line)
      for (const waiter of waiters.filter((w) => w.test(line))) waiter.resolve(line)
    }
  })
  const waitFor = (test: (line: LogLine) => boolean): Promise<LogLine> => {
    const seen = lines.find(test)
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }))
  }
  return { child, lines, waitFor }
}

describe('the start command on a fresh DATA_DIR', () => {
  it('serves /readyz 200 on the embedded database; SIGTERM during a slow login lets it complete, then exits 0', async () => {
    const { child, lines, waitFor } = start()
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        resolve(code)
      })
    })
    const { port } = await waitFor((line) => line.message === 'server listening')
    const base = `http://127.0.0.1:${String(port)}`

    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok' } })

    const login = fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
    await waitFor((line) => line.message === 'request started' && line.path === '/api/v1/auth/login')
    child.kill('SIGTERM')

    const res = await login
    expect(res.status).toBe(200)
    const body = (await res.json()) as { success: boolean; data: { token: string } }
    expect(body.success).toBe(true)
    expect(body.data.token.split('.')).toHaveLength(3)
    expect(await exited).toBe(0)

    const order = (test: (line: LogLine) => boolean): number => lines.findIndex(test)
    const shutdownAt = order((line) => line.message === 'shutdown started')
    const loginDoneAt = order((line) => line.message === 'http request' && line.path === '/api/v1/auth/login')
    expect(shutdownAt).toBeGreaterThanOrEqual(0)
    expect(loginDoneAt).toBeGreaterThan(shutdownAt)
    expect(order((line) => line.message === 'shutdown complete')).toBeGreaterThan(loginDoneAt)
  }, 120_000)
})
