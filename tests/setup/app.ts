import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Express } from 'express'
import { inject } from 'vitest'
import { seedRoles } from '../../src/access/seed-roles.js'
import { buildApp } from '../../src/app.js'
import { createAppContext, syncIndexes, type AppContext } from '../../src/app-context.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openConnection } from '../../src/db/connect.js'
import type { Mailer } from '../../src/integrations/mailer.js'
import { createLogger } from '../../src/logger.js'
import { freshDbUri } from './db.js'

export interface TestApp {
  /** The Express app, exactly what main.ts serves: the supertest target. */
  app: Express
  context: AppContext
  config: Config
  /** The database this app uses; pass it to a second buildTestApp to simulate a restart. */
  dbUri: string
  close(): Promise<void>
}

/** A fixed secret so apps built on the same database (a "restart") accept each other's tokens. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdefghijkl'

export interface TestAppOptions {
  /** Reuse a database (restart); a fresh one otherwise. */
  dbUri?: string
  /** Extra environment, as the process would see it. */
  env?: Record<string, string | undefined>
  mailer?: Mailer
}

/** The real app on its own database of the suite's server, with roles seeded, logging into the run's log directory. */
export async function buildTestApp(label: string, options: TestAppOptions = {}): Promise<TestApp> {
  const dbUri = options.dbUri ?? freshDbUri(label)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-test-data-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGO_URL: dbUri,
    // bcrypt cost 4 keeps the suite fast; loadConfig allows below 12 only under NODE_ENV=test.
    BCRYPT_COST: '4',
    LOG_DIR: inject('logDir'),
    LOG_LEVEL: 'debug',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    APP_URL: 'http://crm.test',
    ...options.env,
  })
  const logger = createLogger(config)
  const db = await openConnection(dbUri, () => Promise.resolve())
  const context = createAppContext(config, logger, db, options.mailer)
  await syncIndexes(context)
  await seedRoles(context.models.roles, logger)
  const close = async (): Promise<void> => {
    await db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { app: buildApp(context), context, config, dbUri, close }
}
