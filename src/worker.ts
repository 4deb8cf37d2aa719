import { createAppContext, syncIndexes } from './app-context.js'
import { recoverPendingAudits } from './audit/recovery.js'
import { ConfigError, loadConfigFromProcess, type Config } from './config.js'
import { connectDatabase } from './db/connect.js'
import { jobsCloser } from './jobs/agenda.js'
import { createLogger, installProcessHandlers } from './logger.js'
import { installWorkerShutdown } from './shutdown.js'

// `npm run worker`: a process that runs only the jobs (no HTTP), for deployments whose web instances run JOBS=off.
// Any number of workers and web processes share one database; Agenda's locks run each occurrence once.

function readConfig(): Config {
  try {
    const config = loadConfigFromProcess()
    // A worker shares the web processes' database; the embedded server belongs to one process and its data dir.
    if (!config.mongoUrl) throw new ConfigError(['MONGO_URL: required by the worker (the database the app uses)'])
    return config
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
  // The worker runs the jobs whatever JOBS says: JOBS is the web processes' switch.
  await context.jobs.start()
  logger.info('worker started', { jobs: context.jobs.definitions.map((job) => job.name) })
  installWorkerShutdown(db, logger, [jobsCloser(context)], { closerGraceMs: config.jobs.graceMs })
}

await main()
