import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import jwt from 'jsonwebtoken'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createLogger, flushLogger } from '../../src/logger.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, TEST_JWT_SECRET, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

// Finding 9: tokens without `exp`, world-readable logs, no HOST setting, a per-email lockout anyone could trigger,
// and phone numbers mangled by the CSV formula guard.

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  // Behind a proxy, so each request can come from its own client IP; a 1 ms slow-down keeps the suite quick.
  t = await buildTestApp('small-findings', { env: { TRUST_PROXY: 'true', LOGIN_SLOWDOWN_MS: '1' } })
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

describe('tokens must carry exp', () => {
  it('when a correctly signed token has no exp, responds 401; the same claims with exp are accepted', async () => {
    const claims = { userId: srdev.id, user_role: 'srdev', tv: 0 }
    const forever = jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256' })
    const res = await request(t.app).get('/api/v1/auth/me').set('authorization', forever)
    expect(res.status).toBe(401)
    const bounded = jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 })
    expect((await request(t.app).get('/api/v1/auth/me').set('authorization', bounded)).status).toBe(200)
  })
})

describe('log files are 0640', () => {
  it('when the logger writes its files, none is readable by others', async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), 'crm-log-mode-'))
    const logger = createLogger({ logDir, logLevel: 'info', env: 'test' })
    logger.info('log mode probe')
    logger.error('log mode probe error')
    await flushLogger(logger)
    const files = readdirSync(logDir).filter((name) => name.endsWith('.log'))
    expect(files.length).toBeGreaterThanOrEqual(2)
    for (const name of files) expect((statSync(path.join(logDir, name)).mode & 0o777).toString(8)).toBe('640')
  })
})

describe('HOST', () => {
  it('defaults to loopback, to every interface in production, and a bad value names HOST', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1')
    const secrets = { JWT_SECRET: 'j'.repeat(40), SESSION_SECRET: 's'.repeat(40) }
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).host).toBe('0.0.0.0')
    expect(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.5', ...secrets }).host).toBe('10.0.0.5')
    expect(() => loadConfig({ NODE_ENV: 'test', HOST: 'a b' })).toThrow(ConfigError)
  })
})

describe('login lockout is per email and IP; other IPs are slowed, never locked out', () => {
  const attempt = (email: string, password: string, ip: string) =>
    request(t.app).post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password })

  it('when one IP fails 10 times for an account, that IP gets 429, and the owner signs in from another IP', async () => {
    const victim = await createUser(t, { role: 'senior admin' })
    for (let i = 0; i < 10; i++) expect((await attempt(victim.email, 'wrong-password', '203.0.113.7')).status).toBe(401)
    const locked = await attempt(victim.email, victim.password, '203.0.113.7')
    expect(locked.status).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    const owner = await attempt(victim.email, victim.password, '198.51.100.20')
    expect(owner.status).toBe(200)
    expect(typeof owner.body.data.token).toBe('string')
  })
})

describe('CSV formula neutralisation', () => {
  it('when exporting, phone numbers and signed numbers stay as they are; =, @, tab, CR and +/- formulas are prefixed', async () => {
    const owner = await createUser(t, { role: 'bdm' })
    await seedBooking(t, owner, {
      company_name: 'Csv Formula Co',
      contact_no: '+919876543210',
      remark: '-2+3+cmd|calc',
      closed_by: '@SUM(A1)',
      after_disbursement: '=1+1',
      bank: '+ A1',
    })
    const res = await request(t.app)
      .get('/api/v1/bookings/export.csv?company_name=Csv%20Formula%20Co')
      .set('authorization', srdev.token)
    expect(res.status).toBe(200)
    const [header, row] = res.text.trim().split('\r\n')
    const columns = (header ?? '').split(',')
    const cells = (row ?? '').split(',')
    const cell = (name: string) => cells[columns.indexOf(name)]
    expect(cell('contact_no')).toBe('+919876543210')
    expect(cell('remark')).toBe("'-2+3+cmd|calc")
    expect(cell('closed_by')).toBe("'@SUM(A1)")
    expect(cell('after_disbursement')).toBe("'=1+1")
    expect(cell('bank')).toBe("'+ A1")
  })
})
