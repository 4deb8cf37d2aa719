import { parentPort, workerData } from 'node:worker_threads'
import { startEmbeddedMongo, type EmbeddedMongoOptions } from './server.js'
import type { ThreadMessage } from './thread.js'

// The embedded server in a worker thread of the app's process (started by thread.ts): recovery, index sorts,
// compaction and its garbage collector run beside the app's thread instead of on it.

const port = parentPort
if (!port) throw new Error('thread-entry.ts runs only as a worker thread')
const post = (message: ThreadMessage): void => {
  port.postMessage(message)
}

const options = workerData as Omit<EmbeddedMongoOptions, 'onEvent'>
try {
  const server = await startEmbeddedMongo({
    ...options,
    // Errors do not cross threads with their class: send the message, which is all the app logs.
    onEvent: (event) => {
      post({
        type: 'event',
        event: 'error' in event ? { ...event, error: { message: event.error.message } } : { ...event },
      })
    },
  })
  port.on('message', (message: ThreadMessage) => {
    if (message.type !== 'stop') return
    server.stop().then(
      () => {
        post({ type: 'stopped' })
      },
      (error: unknown) => {
        post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      },
    )
  })
  post({ type: 'ready', uri: server.uri, port: server.port })
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
}
