import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

const SECRET = 'x'.repeat(40)

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems]
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('when a value is bad, throws naming the key (PORT, MONGO_URL, LOG_LEVEL, APP_URL)', () => {
    const problems = problemsOf({
      NODE_ENV: 'test',
      PORT: 'eighty',
      MONGO_URL: 'http://db',
      LOG_LEVEL: 'loud',
      APP_URL: 'nope',
    })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['APP_URL', 'LOG_LEVEL', 'MONGO_URL', 'PORT'])
  })

  it('jobs: defaults on, Asia/Kolkata, 10 s grace; a bad JOBS, zone or grace is refused naming the key', () => {
    const config = loadConfig({ NODE_ENV: 'test' })
    expect(config.jobs).toEqual({ enabled: true, timezone: 'Asia/Kolkata', graceMs: 10_000, pollMs: 5000 })
    expect(loadConfig({ NODE_ENV: 'test', JOBS: 'off', JOBS_TIMEZONE: 'Europe/Paris' }).jobs).toMatchObject({
      enabled: false,
      timezone: 'Europe/Paris',
    })
    const problems = problemsOf({ NODE_ENV: 'test', JOBS: 'maybe', JOBS_TIMEZONE: 'Mars/Olympus', JOBS_GRACE_MS: '-1' })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['JOBS', 'JOBS_GRACE_MS', 'JOBS_TIMEZONE'])
  })

  it('in production, a missing JWT_SECRET or SESSION_SECRET stops start-up naming both', () => {
    const problems = problemsOf({ NODE_ENV: 'production' })
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^JWT_SECRET/), expect.stringMatching(/^SESSION_SECRET/)]),
    )
  })

  it('a secret shorter than 32 characters is refused', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short', SESSION_SECRET: SECRET })[0]).toMatch(
      /^JWT_SECRET/,
    )
  })

  it('outside NODE_ENV=test a bcrypt cost under 12 is refused; under test it is allowed', () => {
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_SECRET: SECRET, SESSION_SECRET: SECRET, BCRYPT_COST: '10' })[0],
    ).toMatch(/^BCRYPT_COST/)
    expect(loadConfig({ NODE_ENV: 'test', BCRYPT_COST: '4' }).bcryptCost).toBe(4)
    expect(loadConfig({ NODE_ENV: 'test' }).bcryptCost).toBe(12)
  })

  it("accepts the seed's Mongo_URL and MAIL_USER/MAIL_PASS", () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      Mongo_URL: 'mongodb://a:1,b:2/crm?replicaSet=rs',
      MAIL_USER: 'me@x.org',
      MAIL_PASS: 'p@ss',
    })
    expect(config.mongoUrl).toBe('mongodb://a:1,b:2/crm?replicaSet=rs')
    expect(config.mail.smtpUrl).toBe('smtps://me%40x.org:p%40ss@smtp.hostinger.com:465')
  })

  it('SMTP_URL wins over MAIL_USER/MAIL_PASS; CORS_ORIGINS is split; the result is deeply frozen', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SMTP_URL: 'smtp://localhost:2525',
      MAIL_USER: 'a',
      MAIL_PASS: 'b',
      CORS_ORIGINS: 'https://a.test, https://b.test',
    })
    expect(config.mail.smtpUrl).toBe('smtp://localhost:2525')
    expect(config.corsOrigins).toEqual(['https://a.test', 'https://b.test'])
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.jwt)).toBe(true)
  })

  it('empty values (KEY= as in .env.example) count as unset', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      MONGO_URL: '',
      JWT_SECRET: '',
      SEED_ADMIN_EMAIL: '',
      SEED_ADMIN_PASSWORD: '',
      PORT: '',
    })
    expect(config.mongoUrl).toBeUndefined()
    expect(config.port).toBe(3000)
  })

  it('SEED_ADMIN_EMAIL without SEED_ADMIN_PASSWORD is refused', () => {
    expect(problemsOf({ NODE_ENV: 'test', SEED_ADMIN_EMAIL: 'a@b.co' })[0]).toMatch(/SEED_ADMIN_PASSWORD/)
  })

  it('in development, missing secrets are generated once into DATA_DIR/secrets.json (mode 0600) and reused', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-config-'))
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir })
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir })
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32)
    expect(second.jwt.secret).toBe(first.jwt.secret)
    expect(second.sessionSecret).toBe(first.sessionSecret)
    const file = path.join(dataDir, 'secrets.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      JWT_SECRET: first.jwt.secret,
      SESSION_SECRET: first.sessionSecret,
    })
  })

  it('under test, missing secrets are generated per process and nothing is written', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-config-'))
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir })
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32)
    expect(() => statSync(path.join(dataDir, 'secrets.json'))).toThrow()
  })
})
