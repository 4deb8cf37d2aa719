import path from 'node:path'
import type { Connection } from 'mongoose'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'

/** An open database: the mongoose connection every model binds to, a readiness probe, and an orderly close. */
export interface Database {
  readonly connection: Connection
  /** True when the server answers a ping. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

/**
 * Connects to MONGO_URL when set; otherwise starts the embedded server on a loopback port, persisted under
 * DATA_DIR/db, in a worker thread of this process (thread.ts: it recovers while the app loads). Models are bound to this connection (not mongoose's global one) so one process can hold several apps,
 * as the tests do.
 */
export async function connectDatabase(
  config: Pick<Config, 'mongoUrl' | 'dataDir' | 'dbSlowMs'>,
  logger: Logger,
): Promise<Database> {
  if (config.mongoUrl) return openConnection(config.mongoUrl, () => Promise.resolve())
  const { startEmbeddedInThread } = await import('./embedded/thread.js')
  const dataDir = path.join(config.dataDir, 'db')
  const started = Date.now()
  // Recovery truncations, compactions and journal failures are an operator's business: log them.
  const embedded = await startEmbeddedInThread({ dataDir, slowMs: config.dbSlowMs }, (event) => {
    if (event.type === 'slowQuery') logger.warn('slow query', { ...event })
    else if (event.type === 'journalFailed' || event.type === 'compactionFailed') {
      logger.error('embedded database event', { event: event.type, error: event.error.message })
    } else logger.info('embedded database event', { ...event })
  })
  logger.info('embedded database started', { port: embedded.port, dataDir, ms: Date.now() - started })
  const uri = new URL(embedded.uri)
  if (uri.pathname === '/' || uri.pathname === '') uri.pathname = '/crm'
  return openConnection(uri.toString(), () => embedded.stop())
}

/** Opens a mongoose connection on a URI; `onClose` runs after the connection is closed. */
export async function openConnection(uri: string, onClose: () => Promise<void>): Promise<Database> {
  // Loaded here, not at the top: main.ts starts the embedded database before the app's heavier modules load.
  const { default: mongoose } = await import('mongoose')
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 })
  await connection.asPromise()
  return {
    connection,
    async ping() {
      try {
        const db = connection.db
        if (!db) return false
        await db.command({ ping: 1 })
        return true
      } catch {
        return false
      }
    },
    async close() {
      await connection.close()
      await onClose()
    },
  }
}
