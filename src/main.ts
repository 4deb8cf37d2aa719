import type { AddressInfo } from 'node:net'
import { seedRoles } from './access/seed-roles.js'
import { seedOrganisation } from './models/seed-organisation.js'
import { seedSalesLists } from './models/sales/seed-sales-lists.js'
import { createServer } from 'node:http'
import { buildApp } from './app.js'
import { recoverPendingAudits } from './audit/recovery.js'
import { createAppContext, syncIndexes } from './app-context.js'
import { ensureFirstUser } from './auth/first-user.js'
import { ConfigError, loadConfigFromProcess, type Config } from './config.js'
import { connectDatabase } from './db/connect.js'
import { createLogger, installProcessHandlers } from './logger.js'
import { jobsCloser } from './jobs/agenda.js'
import { installShutdown } from './shutdown.js'

// Starts everything: config -> logs -> database -> roles and first user -> app -> listen; graceful shutdown.

function readConfig(): Config {
  try {
    return loadConfigFromProcess()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    // The logger needs the config, so a bad config can only be reported on stderr.
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
}

async function main(): Promise<void> {
  const config = readConfig()
  const logger = createLogger(config)
  installProcessHandlers(logger)
  const db = await connectDatabase(config, logger)
  const context = createAppContext(config, logger, db)
  await syncIndexes(context)
  await recoverPendingAudits(db.connection, context.resources.audit, { logger })
  await seedRoles(context.models.roles, logger)
  await seedOrganisation(context.resources, logger)
  await seedSalesLists(context.resources, logger)
  await ensureFirstUser(context)
  // JOBS=off: web instances of a deployment where `npm run worker` runs the jobs.
  if (config.jobs.enabled) await context.jobs.start()
  const server = createServer(buildApp(context))
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

await main()
