import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { ensureFirstUser } from '../../src/auth/first-user.js'
import { verifyPassword } from '../../src/auth/passwords.js'
import { createUser, newPassword } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

const opened: TestApp[] = []
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()))
})

async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await buildTestApp('first_user', { env })
  opened.push(t)
  return t
}

describe('the first user', () => {
  it('with no users, SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD create one active srdev, once', async () => {
    const password = newPassword()
    const t = await app({ SEED_ADMIN_EMAIL: 'First@Example.com', SEED_ADMIN_PASSWORD: password })
    await ensureFirstUser(t.context)
    await ensureFirstUser(t.context)
    const users = await t.context.models.users.find().select('+password').lean()
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({ email: 'first@example.com', user_role: 'srdev', isActive: true })
    expect(await verifyPassword(password, users[0]?.password, 4)).toBe(true)
  })

  it('with users already present, nobody is created', async () => {
    const t = await app({ SEED_ADMIN_EMAIL: 'second@example.com', SEED_ADMIN_PASSWORD: newPassword() })
    await createUser(t)
    await ensureFirstUser(t.context)
    expect(await t.context.models.users.exists({ email: 'second@example.com' })).toBeNull()
  })

  it('in development without them, a generated password goes to DATA_DIR/initial-admin.txt (0600), never to the log', async () => {
    const t = await app({ NODE_ENV: 'development', BCRYPT_COST: '12' })
    await ensureFirstUser(t.context)
    const file = path.join(t.config.dataDir, 'initial-admin.txt')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const password = /password: (\S+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? ''
    const stored = await t.context.models.users.findOne({ user_role: 'srdev' }).select('+password').lean()
    expect(await verifyPassword(password, stored?.password, 12)).toBe(true)
    t.context.logger.info('first-user flush marker')
    const logs = await waitForLogLine('first user created with a generated password')
    expect(logs).toContain(file)
    expect(logs).not.toContain(password)
  })
})

/** The combined log of this run once it contains `text` (file writes are asynchronous). */
async function waitForLogLine(text: string): Promise<string> {
  const { readdirSync } = await import('node:fs')
  const dir = inject('logDir')
  for (;;) {
    const all = readdirSync(dir)
      .filter((name) => name.endsWith('-combined.log'))
      .map((name) => readFileSync(path.join(dir, name), 'utf8'))
      .join('\n')
    if (all.includes(text)) return all
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
