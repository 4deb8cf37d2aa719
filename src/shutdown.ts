import type { Server } from 'node:http'
import type { Database } from './db/connect.js'
import { trackConnections } from './http-drain.js'
import { flushLogger, type Logger } from './logger.js'

/** After this long, in-flight requests are abandoned and the process exits 1, in milliseconds. */
const GRACE_MS = 20_000

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish while keep-alive clients are told to
 * go (src/http-drain.ts), then close the database and exit 0. A second signal does not restart the sequence.
 * Install it right after creating the server: it tracks connections from their first request.
 */
export function installShutdown(server: Server, db: Database, logger: Logger): void {
  const connections = trackConnections(server)
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', { signal })
    setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still open', { graceMs: GRACE_MS })
      process.exit(1)
    }, GRACE_MS).unref()
    const startedAt = Date.now()
    void connections.drain().then(() => finish(db, logger, Date.now() - startedAt))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

async function finish(db: Database, logger: Logger, drainMs: number): Promise<void> {
  try {
    logger.info('connections drained', { drainMs })
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
