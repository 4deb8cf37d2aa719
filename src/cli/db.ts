/**
 * `npm run db -- --port 27017 --dbpath ./data/db`: runs the embedded server alone, prints its URI, and stops
 * cleanly (flushing the journal) on SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util'
import { startEmbeddedMongo } from '../db/embedded/index.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string', default: '127.0.0.1' },
    dbpath: { type: 'string' },
    inMemory: { type: 'boolean', default: false },
    ttlIntervalMs: { type: 'string' },
  },
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port, got ${values.port}`)
  process.exit(2)
}

try {
  const server = await startEmbeddedMongo({
    port,
    host: values.host,
    dataDir: values.inMemory ? undefined : (values.dbpath ?? './data/db'),
    ttlIntervalMs: values.ttlIntervalMs ? Number(values.ttlIntervalMs) : undefined,
    onEvent: (event) => {
      console.error(JSON.stringify('error' in event ? { type: event.type, error: event.error.message } : event))
    },
  })
  console.log(server.uri)
  const shutdown = (signal: string): void => {
    console.error(`${signal}: stopping`)
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => {
    shutdown('SIGINT')
  })
  process.once('SIGTERM', () => {
    shutdown('SIGTERM')
  })
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
