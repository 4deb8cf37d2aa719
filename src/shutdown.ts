import type { Server } from 'node:http'
import type { Database } from './db/connect.js'
import { flushLogger, type Logger } from './logger.js'

/** After this long, in-flight requests are abandoned and the process exits 1, in milliseconds. */
const GRACE_MS = 20_000

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (idle keep-alive sockets are closed),
 * then close the database and exit 0. A second signal does not restart the sequence.
 */
export function installShutdown(server: Server, db: Database, logger: Logger): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', { signal })
    setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still open', { graceMs: GRACE_MS })
      process.exit(1)
    }, GRACE_MS).unref()
    server.close(() => {
      void finish(db, logger)
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

async function finish(db: Database, logger: Logger): Promise<void> {
  try {
    await db.close()
    logger.info('shutdown complete')
    await flushLogger(logger)
    process.exit(0)
  } catch (error) {
    logger.error('shutdown failed', { error })
    await flushLogger(logger)
    process.exit(1)
  }
}
