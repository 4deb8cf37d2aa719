import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { seedRoles } from './access/seed-roles.js'
import { seedOrganisation } from './models/seed-organisation.js'
import { seedSalesLists } from './models/sales/seed-sales-lists.js'
import { buildApp } from './app.js'
import { recoverPendingAudits } from './audit/recovery.js'
import { createAppContext, syncIndexes } from './app-context.js'
import { ensureFirstUser } from './auth/first-user.js'
import type { Config } from './config.js'
import type { OpeningDatabase } from './db/connect.js'
import type { Logger } from './logger.js'
import { jobsCloser } from './jobs/agenda.js'
import { installShutdown } from './shutdown.js'

/**
 * Everything after the database: indexes, roles and first user, app, listen; graceful shutdown. A module of its
 * own so main.ts can load it (the bulk of the app's modules) while the embedded database recovers.
 */
export async function startApp(config: Config, logger: Logger, database: OpeningDatabase): Promise<void> {
  const { db, opened } = database
  const context = createAppContext(config, logger, db)
  // Built before the database is open: routes, the admin panel and the API document take seconds of CPU and read
  // no data, so they are built while the embedded database recovers in its thread (on the other core).
  const app = buildApp(context)
  await opened
  await syncIndexes(context)
  await recoverPendingAudits(db.connection, context.resources.audit, { logger })
  await seedRoles(context.models.roles, logger)
  await seedOrganisation(context.resources, logger)
  await seedSalesLists(context.resources, logger)
  await ensureFirstUser(context)
  // JOBS=off: web instances of a deployment where `npm run worker` runs the jobs.
  if (config.jobs.enabled) await context.jobs.start()
  const server = createServer(app)
  installShutdown(server, db, logger, [jobsCloser(context)], { closerGraceMs: config.jobs.graceMs })
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo
    // Tests and supervisors read the bound port from this line (PORT=0 picks a free one).
    logger.info('server listening', {
      port,
      host: config.host,
      env: config.env,
      database: config.mongoUrl ? 'external' : 'embedded',
    })
  })
}
