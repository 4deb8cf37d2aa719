import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { EmbeddedMongo, EmbeddedMongoOptions } from './server.js'

/** What the server's thread and the app's thread say to each other. */
export type ThreadMessage =
  | { type: 'ready'; uri: string; port: number }
  | { type: 'event'; event: { type: string; error?: { message: string } } & Record<string, unknown> }
  | { type: 'stop' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string }

export type ThreadEvent = Parameters<NonNullable<EmbeddedMongoOptions['onEvent']>>[0]

/** The entry next to this file, with this file's extension: .js once compiled, .ts under tsx (dev and tests). */
const ENTRY = new URL(`./thread-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/**
 * Starts the embedded server in a worker thread of this process; resolves once it has recovered its data and
 * listens. The app's thread loads its modules and the server recovers at the same time (two cores are used
 * where there are two), and the server's heap and garbage collections are its own. Clients still talk to it over
 * loopback TCP, exactly as in-process. A thread that dies after start is a dead database: it is reported as an
 * uncaught error, as a crash of the server in the app's own thread would have been.
 */
export function startEmbeddedInThread(
  options: Omit<EmbeddedMongoOptions, 'onEvent'>,
  onEvent: (event: ThreadEvent) => void,
): Promise<EmbeddedMongo> {
  const worker = spawn(options)
  let stopped: (() => void) | undefined
  let stopFailed: ((error: Error) => void) | undefined
  return new Promise<EmbeddedMongo>((resolve, reject) => {
    let started = false
    /** Why the server could not start: its thread exits right after saying so, and the exit must not hide it. */
    let failure: Error | undefined
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'event') onEvent(toEvent(message.event))
      else if (message.type === 'ready') {
        started = true
        resolve({ uri: message.uri, port: message.port, stop: once(stop) })
      } else if (message.type === 'stopped') {
        stopped?.()
      } else if (message.type === 'failed') {
        const error = new Error(message.message)
        if (started) stopFailed?.(error)
        else {
          failure = error
          void worker.terminate().finally(() => {
            reject(error)
          })
        }
      }
    })
    worker.on('error', (error) => {
      if (!started) reject(error)
      else throw error
    })
    worker.on('exit', (code) => {
      if (!started) reject(failure ?? new Error(`the embedded database thread exited with code ${code}`))
    })
  })

  async function stop(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      stopped = resolve
      stopFailed = reject
    })
    worker.postMessage({ type: 'stop' } satisfies ThreadMessage)
    try {
      await done
    } finally {
      await worker.terminate()
    }
  }
}

/**
 * The heap the database thread may grow to. V8's default (about 4 GB here) is below what a million bookings with
 * their search grams need (a 1M-booking bench ran out at 4 GB while its search index was being filled); this is a
 * ceiling, not a reservation. `npm run db` gives its process the same (package.json).
 */
const DATABASE_HEAP_MB = 8192

/**
 * The young generation (V8 sizes it at three semi-spaces): 192 MB, the default's 48 MB times four; also a ceiling
 * the collector grows into. Every read of a recovered document decodes a copy (engine/doc-table.ts), and with 20
 * requests in flight many copies were still held at the next scavenge of a 16 MB semi-space, so they were promoted
 * to the old generation: it grew by hundreds of MB a minute, and each full collection of a 2.8 GB old generation
 * (1M bookings' indexes) took 4 to 7 s of the thread's time in marking steps, in the middle of searches. With
 * 64 MB semi-spaces those copies die young: no full collection came during the 1M bench's load rows, and the
 * database's CPU per search fell from 2.8 to 2.2 ms. `npm run db` passes `--max-semi-space-size=64` (package.json).
 */
const DATABASE_YOUNG_MB = 192

function spawn(options: Omit<EmbeddedMongoOptions, 'onEvent'>): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: DATABASE_HEAP_MB, maxYoungGenerationSizeMb: DATABASE_YOUNG_MB }
  if (!ENTRY.pathname.endsWith('.ts')) return new Worker(ENTRY, { workerData: options, resourceLimits })
  // Under tsx (dev, tests) a worker thread does not inherit the loader: register it there, then load the entry.
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(ENTRY.href)}) })`
  return new Worker(boot, { eval: true, workerData: options, resourceLimits })
}

function toEvent(event: Extract<ThreadMessage, { type: 'event' }>['event']): ThreadEvent {
  const { error, ...rest } = event
  return (error ? { ...rest, error: new Error(error.message) } : rest) as unknown as ThreadEvent
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => (running ??= fn())
}
