import { ConfigError, loadConfigFromProcess, type Config } from './config.js'
import { openDatabase } from './db/connect.js'
import { createLogger, installProcessHandlers } from './logger.js'

// Starts everything: config -> logs -> database (recovering) while the app's modules load and build -> start-app.ts.

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
  // The embedded database recovers in its own thread (db/embedded/thread.ts) while this one loads and builds the app.
  const [database, { startApp }] = await Promise.all([openDatabase(config, logger), import('./start-app.js')])
  await startApp(config, logger, database)
}

await main()
