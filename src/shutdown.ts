import type { Server } from 'node:http'
import type { Database } from './db/connect.js'
import { flushLogger, type Logger } from './logger.js'

/** After this long, in-flight requests are abandoned and the process exits 1, in milliseconds. */
const GRACE_MS = 20_000

/**
 * Something else to stop before the database closes (the job scheduler): started with the HTTP drain, awaited after
 * it. A closer handles its own errors.
 */
export type Closer = () => Promise<void>

function runClosers(closers: readonly Closer[]): Promise<unknown> {
  return Promise.all(closers.map((close) => close()))
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (idle keep-alive sockets are closed),
 * run the closers, then close the database and exit 0. A second signal does not restart the sequence.
 */
export function installShutdown(server: Server, db: Database, logger: Logger, closers: readonly Closer[] = []): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', { signal })
    setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still open', { graceMs: GRACE_MS })
      process.exit(1)
    }, GRACE_MS).unref()
    const closing = runClosers(closers)
    server.close(() => {
      void closing.then(() => finish(db, logger))
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/** The same sequence for a process without an HTTP server (the jobs worker). */
export function installWorkerShutdown(db: Database, logger: Logger, closers: readonly Closer[]): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', { signal })
    setTimeout(() => {
      logger.error('shutdown timed out', { graceMs: GRACE_MS })
      process.exit(1)
    }, GRACE_MS).unref()
    void runClosers(closers).then(() => finish(db, logger))
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
