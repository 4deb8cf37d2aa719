import { startEmbeddedMongo } from '../../../src/db/embedded/index.js'
import type { EmbeddedMongo } from '../../../src/db/embedded/index.js'

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
