import type { Server } from 'node:http'
import type { Database } from './db/connect.js'
import { trackConnections } from './http-drain.js'
import { flushLogger, type Logger } from './logger.js'

/** Requests in flight get this long to finish, in milliseconds. */
const HTTP_GRACE_MS = 20_000
/** Time for the last steps (closing the database, flushing logs) after the closers, in milliseconds. */
const CLOSE_MS = 5_000

/**
 * Something else to stop before the database closes (the job scheduler): started with the HTTP drain, awaited after
 * it. A closer handles its own errors and keeps to its own grace time.
 */
export type Closer = () => Promise<void>

export interface ShutdownOptions {
  /** The longest a closer may take (the jobs' JOBS_GRACE_MS); the process is given that long plus a margin. */
  readonly closerGraceMs?: number
}

function runClosers(closers: readonly Closer[]): Promise<unknown> {
  return Promise.all(closers.map((close) => close()))
}

/** Past this, the process exits 1 with whatever is still open: a safety net, never the normal path. */
function deadline(logger: Logger, options: ShutdownOptions): void {
  const ms = Math.max(HTTP_GRACE_MS, (options.closerGraceMs ?? 0) + CLOSE_MS)
  setTimeout(() => {
    logger.error('shutdown timed out; exiting with work still open', { graceMs: ms })
    process.exit(1)
  }, ms).unref()
}

/** Stops the process through the same sequence as a signal, exiting 1: for a failure found after listening. */
export type FailStop = (reason: string) => void

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish while keep-alive clients are told to
 * go (src/http-drain.ts), run the closers, then close the database and exit 0. A second signal does not restart the
 * sequence. Install it right after creating the server: it tracks connections from their first request. The
 * returned function runs the same sequence for a failure (the admin panel failing to mount) and exits 1.
 */
export function installShutdown(
  server: Server,
  db: Database,
  logger: Logger,
  closers: readonly Closer[] = [],
  options: ShutdownOptions = {},
): FailStop {
  const connections = trackConnections(server)
  let stopping = false
  const stop = (reason: { signal: NodeJS.Signals } | { failure: string }, exitCode: 0 | 1): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', reason)
    deadline(logger, options)
    const startedAt = Date.now()
    const closing = runClosers(closers)
    void connections
      .drain()
      .then(() => {
        logger.info('connections drained', { drainMs: Date.now() - startedAt })
        return closing
      })
      .then(() => finish(db, logger, exitCode))
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    stop({ signal }, 0)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  return (failure) => {
    stop({ failure }, 1)
  }
}

/** The same sequence for a process without an HTTP server (the jobs worker). */
export function installWorkerShutdown(
  db: Database,
  logger: Logger,
  closers: readonly Closer[],
  options: ShutdownOptions = {},
): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info('shutdown started', { signal })
    deadline(logger, options)
    void runClosers(closers).then(() => finish(db, logger, 0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

async function finish(db: Database, logger: Logger, exitCode: 0 | 1): Promise<void> {
  try {
    await db.close()
    logger.info('shutdown complete')
    await flushLogger(logger)
    process.exit(exitCode)
  } catch (error) {
    logger.error('shutdown failed', { error })
    await flushLogger(logger)
    process.exit(1)
  }
}
