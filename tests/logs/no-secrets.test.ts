 
import { EventEmitter } from 'node:events'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { REDACTED, redact } from '../../src/log-redaction.js'
import { createLogger, installProcessHandlers } from '../../src/logger.js'
import { createUser, newPassword } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { findSecrets } from '../setup/secret-patterns.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('no_secrets')
})
afterAll(async () => {
  await t.close()
})

function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return logFiles(full)
    return name.endsWith('.log') ? [full] : []
  })
}

/** Log writes are asynchronous: wait until a marker line reaches the files, so everything before it is there too. */
async function flushed(marker: string): Promise<void> {
  t.context.logger.info('flush marker', { marker })
  for (;;) {
    if (logFiles(inject('logDir')).some((file) => readFileSync(file, 'utf8').includes(marker))) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('redact()', () => {
  it('replaces authorization, cookies, passwords and tokens at any depth, and secret-looking text anywhere', () => {
    const out = redact({
      headers: { authorization: 'abc', Cookie: 'sid=1' },
      body: { password: 'p', newPassword: 'q', nested: [{ resetPasswordToken: 'r', token: 't' }] },
      note: 'sent eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl to /reset-password?token=abcdef',
      url: 'smtps://user:hunter2@smtp.example.com:465',
      hash: '$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234',
    }) as Record<string, Record<string, unknown>>
    expect(out.headers).toEqual({ authorization: REDACTED, Cookie: REDACTED })
    expect(JSON.stringify(out)).not.toMatch(/"p"|"q"|"r"|"t"|eyJ|abcdef|hunter2|\$2b\$/)
  })
})

describe('after sensitive flows, no log file contains a password, a token or an authorization value', () => {
  it('logins, bad tokens, password change and reset, legacy reset paths and logged errors leave no secret in the logs', async () => {
    const user = await createUser(t)
    const known: string[] = [user.password, user.token]
    const login = await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: user.password })
    const token = login.body.data.token as string
    known.push(token)
    await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-Pw-secret-guess' })
    await request(t.app).get('/api/v1/auth/me').set('authorization', token)
    await request(t.app).get('/api/v1/auth/me').set('authorization', `Bearer ${token}x`)
    const next = newPassword()
    known.push(next)
    await request(t.app).post('/api/v1/auth/password').set('authorization', token).send({ currentPassword: user.password, newPassword: next })
    await request(t.app).post('/api/v1/auth/password-reset/request').send({ email: user.email })
    const fakeToken = 'ab'.repeat(32)
    await request(t.app).post(`/user/reset-password/${fakeToken}`).send({ newPassword: newPassword() })
    await request(t.app).post('/api/v1/auth/password-reset/confirm').send({ token: fakeToken, password: newPassword() })
    await request(t.app).get(`/api/v1/users?token=${fakeToken}`).set('authorization', token)
    t.context.logger.error('outbound call failed', { request: { headers: { authorization: token, cookie: 'sid=s3cr3t' } }, password: next })
    known.push('s3cr3t', fakeToken)

    await flushed(`marker-${Date.now()}`)
    const text = logFiles(inject('logDir')).map((file) => readFileSync(file, 'utf8')).join('\n')
    expect(text).toContain('"message":"http request"')
    expect(findSecrets(text, known)).toEqual([])
  })

  it('an uncaught exception and an unhandled rejection are logged (redacted) to the error file, and the process is told to exit 1', async () => {
    const dir = path.join(inject('logDir'), 'process-handlers')
    const logger = createLogger({ logDir: dir, logLevel: 'info', env: 'test' })
    const events = new EventEmitter()
    const exited = new Promise<number>((resolve) => {
      installProcessHandlers(logger, resolve, events)
    })
    events.emit('unhandledRejection', new Error('rejected with authorization eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiIxIn0.c2lnbmF0dXJlc2ln'))
    events.emit('uncaughtException', new Error('boom'))
    expect(await exited).toBe(1)
    const errors = logFiles(dir).filter((file) => file.endsWith('-error.log')).map((file) => readFileSync(file, 'utf8')).join('\n')
    expect(errors).toContain('uncaught exception')
    expect(errors).toContain('unhandled rejection')
    expect(errors).toContain('boom')
    expect(findSecrets(errors)).toEqual([])
  })
})
