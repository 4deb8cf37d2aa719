import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { seedRoles } from './access/seed-roles.js'
import { seedOrganisation } from './models/seed-organisation.js'
import { seedSalesLists } from './models/sales/seed-sales-lists.js'
import { adminPanel } from './admin/panel.js'
import { prebundleFiles } from './admin/bundle/prebundle-files.js'
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
  // A production start serves the build's prebundle: a deploy without it stops here, before listening.
  if (config.env === 'production' && config.admin.skipBundle) prebundleFiles(config.admin.bundleDir)
  // Built before the database is open: the routes read no data, so they are built while the embedded database
  // recovers in its thread (on the other core). The admin panel is not: it mounts once the API listens.
  const panel = adminPanel(context)
  const app = buildApp(context, panel)
  await opened
  // An index added by an upgrade is built while the app serves (unless unique): on a large collection that build
  // would otherwise hold start-up for its whole length.
  await syncIndexes(context, {
    background: (model, build) => {
      logger.info('index build started in the background', { model })
      build.then(
        () => {
          logger.info('index built', { model })
        },
        (error: unknown) => {
          logger.error('index build failed', { model, error })
        },
      )
    },
  })
  await recoverPendingAudits(db.connection, context.resources.audit, { logger })
  await seedRoles(context.models.roles, logger)
  await seedOrganisation(context.resources, logger)
  await seedSalesLists(context.resources, logger)
  await ensureFirstUser(context)
  // JOBS=off: web instances of a deployment where `npm run worker` runs the jobs.
  if (config.jobs.enabled) await context.jobs.start()
  const server = createServer(app)
  const fail = installShutdown(server, db, logger, [jobsCloser(context)], { closerGraceMs: config.jobs.graceMs })
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
  // Importing and building AdminJS is 2 to 3 s of CPU that the API need not wait for; /admin requests wait for it.
  panel.mount().then(
    () => {
      logger.info('admin panel mounted')
    },
    (error: unknown) => {
      // A prebundle that lacks a component, or a bug: a process without its panel is not a healthy start.
      logger.error('admin panel failed to mount', { error })
      fail('admin panel failed to mount')
    },
  )
}
