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

/** A database whose connection exists before it is open: models can be bound and the app built meanwhile. */
export interface OpeningDatabase {
  readonly db: Database
  /** Resolves once the connection is open (the embedded server has recovered its data); rejects if it cannot be. */
  readonly opened: Promise<void>
}

/** The database the app uses on the embedded server. */
const EMBEDDED_DB = 'crm'

/**
 * Connects to MONGO_URL when set; otherwise starts the embedded server on a loopback port, persisted under
 * DATA_DIR/db, in a worker thread of this process (thread.ts: it recovers while the app loads). Models are bound to
 * this connection (not mongoose's global one) so one process can hold several apps, as the tests do.
 */
export async function connectDatabase(
  config: Pick<Config, 'mongoUrl' | 'dataDir' | 'dbSlowMs'>,
  logger: Logger,
): Promise<Database> {
  const { db, opened } = await openDatabase(config, logger)
  await opened
  return db
}

/**
 * connectDatabase, but with the embedded server it returns before the server has recovered: the connection exists
 * (named, not yet open), so the app can bind its models and build its routes while a large database is read.
 * Commands sent meanwhile wait in mongoose's buffer. An external MONGO_URL is opened first, as before.
 */
export async function openDatabase(
  config: Pick<Config, 'mongoUrl' | 'dataDir' | 'dbSlowMs'>,
  logger: Logger,
): Promise<OpeningDatabase> {
  if (config.mongoUrl) {
    return { db: await openConnection(config.mongoUrl, () => Promise.resolve()), opened: Promise.resolve() }
  }
  const { startEmbeddedInThread } = await import('./embedded/thread.js')
  const dataDir = path.join(config.dataDir, 'db')
  const started = Date.now()
  // Recovery truncations, compactions and journal failures are an operator's business: log them.
  const embedded = startEmbeddedInThread({ dataDir, slowMs: config.dbSlowMs }, (event) => {
    if (event.type === 'slowQuery') logger.warn('slow query', { ...event })
    else if (event.type === 'journalFailed' || event.type === 'compactionFailed') {
      logger.error('embedded database event', { event: event.type, error: event.error.message })
    } else logger.info('embedded database event', { ...event })
  })
  // Loaded here, not at the top: main.ts starts the embedded database before the app's heavier modules load.
  const { default: mongoose } = await import('mongoose')
  const connection = mongoose.createConnection()
  // Set now rather than by openUri (a plain property mongoose assigns once connected): code that binds to the
  // connection before it opens reads its database name (the admin panel's session store).
  Object.assign(connection, { name: EMBEDDED_DB })
  const opened = embedded.then(async (server) => {
    logger.info('embedded database started', { port: server.port, dataDir, ms: Date.now() - started })
    const uri = new URL(server.uri)
    uri.pathname = `/${EMBEDDED_DB}`
    await connection.openUri(uri.toString(), CONNECTION_OPTIONS)
  })
  // Awaited by the caller once its own start-up work is done; until then a failure must not count as unhandled.
  opened.catch(() => undefined)
  const stop = (): Promise<void> =>
    embedded.then(
      (server) => server.stop(),
      () => undefined,
    )
  return { db: databaseOn(connection, stop), opened }
}

const CONNECTION_OPTIONS = { serverSelectionTimeoutMS: 10_000 }

/** Opens a mongoose connection on a URI; `onClose` runs after the connection is closed. */
export async function openConnection(uri: string, onClose: () => Promise<void>): Promise<Database> {
  // Loaded here, not at the top: main.ts starts the embedded database before the app's heavier modules load.
  const { default: mongoose } = await import('mongoose')
  const connection = mongoose.createConnection(uri, CONNECTION_OPTIONS)
  await connection.asPromise()
  return databaseOn(connection, onClose)
}

function databaseOn(connection: Connection, onClose: () => Promise<void>): Database {
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
