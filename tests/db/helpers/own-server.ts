import { MongoClient, type Db } from 'mongodb'
import { startEmbeddedMongo } from '../../../src/db/embedded/index.js'
import type { EmbeddedMongo } from '../../../src/db/embedded/index.js'
import type { SlowQueryEvent } from '../../../src/db/embedded/slow-query.js'

/** Why tests that need their own embedded server (fast TTL sweeper) do not run against MONGO_URL. */
export const OWN_SERVER_SKIP_REASON =
  'needs an embedded server with a 200 ms TTL sweeper; a real mongod sweeps expired documents only every 60 s'

/** Starts a private in-memory embedded server whose TTL sweeper runs every `ttlIntervalMs`. */
export async function startFastTtlServer(ttlIntervalMs = 200): Promise<EmbeddedMongo> {
  return startEmbeddedMongo({ port: 0, ttlIntervalMs })
}

/** The URI of database `name` on `server`. */
export function dbUriOn(server: EmbeddedMongo, name: string): string {
  const url = new URL(server.uri)
  url.pathname = `/${name}`
  return url.toString()
}

/** A private in-memory server that reports every command as a slow query (threshold 0), with a client on one db. */
export interface ObservedServer {
  readonly db: Db
  /** The server's slow-query events so far, in order; tests empty it (`length = 0`) before what they observe. */
  readonly events: SlowQueryEvent[]
  stop(): Promise<void>
}

/** Starts an observed server and connects to database `name` on it: the plan and documents examined, never timing. */
export async function startObservedServer(name: string, maxPoolSize: number): Promise<ObservedServer> {
  const events: SlowQueryEvent[] = []
  const server = await startEmbeddedMongo({
    port: 0,
    slowMs: 0,
    onEvent: (event) => {
      if (event.type === 'slowQuery') events.push(event)
    },
  })
  const client = await MongoClient.connect(dbUriOn(server, name), { maxPoolSize })
  return {
    db: client.db(),
    events,
    stop: async () => {
      await client.close()
      await server.stop()
    },
  }
}
