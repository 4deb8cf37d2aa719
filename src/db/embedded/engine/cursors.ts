import { Long, calculateObjectSize } from 'bson'
import { MongoCommandError } from '../errors.js'
import type { Doc } from './bson-values.js'
import type { MatchStream } from './match-stream.js'
import type { Operation } from './operation.js'

/** Replies stay well under maxBsonObjectSize (16 MiB) however large the documents. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024
const DEFAULT_FIRST_BATCH = 101

interface OpenCursor {
  ns: string
  /** Results computed so far (all of them unless a stream is still open); stored documents are never mutated. */
  docs: Doc[]
  position: number
  /** The rest of the result, computed only as the client reads it; undefined once complete. */
  stream: MatchStream | undefined
  /** The operation currently reading the stream, so killing the cursor stops it. */
  running: Operation | undefined
  project: (docs: Doc[]) => Doc[]
  lastUsed: number
}

export interface BatchOptions {
  batchSize?: number | undefined
  singleBatch?: boolean | undefined
  project?: ((docs: Doc[]) => Doc[]) | undefined
}

/** Open cursors by id. Ids are int64 on the wire (as `Long`) and stay below 2^53 so they survive number promotion. */
export class CursorManager {
  private readonly cursors = new Map<number, OpenCursor>()
  private nextId = 1 + Math.floor(Math.random() * 1e9)

  constructor(private readonly idleTimeoutMs = 10 * 60 * 1000) {}

  get size(): number {
    return this.cursors.size
  }

  /** The first batch of a computed result; keeps a cursor open when more remains. */
  open(ns: string, docs: Doc[], options: BatchOptions): Doc {
    const cursor = this.newCursor(ns, docs, undefined, options)
    const firstBatch = this.takeReady(cursor, firstBatchSize(options))
    return { cursor: { firstBatch, id: Long.fromNumber(this.register(cursor, options)), ns }, ok: 1 }
  }

  /** The first batch of a streamed result: only that batch is computed now, the rest on getMore. */
  async openStream(ns: string, stream: MatchStream, options: BatchOptions, op: Operation): Promise<Doc> {
    const cursor = this.newCursor(ns, [], stream, options)
    const firstBatch = await this.take(cursor, firstBatchSize(options), op)
    return { cursor: { firstBatch, id: Long.fromNumber(this.register(cursor, options)), ns }, ok: 1 }
  }

  async getMore(id: number, ns: string, batchSize: number | undefined, op: Operation): Promise<Doc> {
    const cursor = this.cursors.get(id)
    if (!cursor || cursor.ns !== ns) throw new MongoCommandError('CursorNotFound', `cursor id ${id} not found`)
    if (cursor.running) throw new MongoCommandError('BadValue', `cursor id ${id} is already in use`)
    cursor.lastUsed = Date.now()
    const nextBatch = await this.take(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER, op)
    const done = !this.hasMore(cursor)
    if (done) this.cursors.delete(id)
    return { cursor: { nextBatch, id: Long.fromNumber(done ? 0 : id), ns }, ok: 1 }
  }

  kill(ids: number[]): Doc {
    const killed: Long[] = []
    const notFound: Long[] = []
    for (const id of ids) (this.close(id) ? killed : notFound).push(Long.fromNumber(id))
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 }
  }

  /** Forgets a cursor and stops a getMore still computing its next batch. */
  private close(id: number): boolean {
    const cursor = this.cursors.get(id)
    if (!cursor) return false
    cursor.running?.cancel('killed')
    return this.cursors.delete(id)
  }

  private newCursor(ns: string, docs: Doc[], stream: MatchStream | undefined, options: BatchOptions): OpenCursor {
    const project = options.project ?? ((d: Doc[]): Doc[] => d)
    return { ns, docs, position: 0, stream, running: undefined, project, lastUsed: Date.now() }
  }

  private register(cursor: OpenCursor, options: BatchOptions): number {
    if (options.singleBatch || !this.hasMore(cursor)) return 0
    const id = this.nextId++
    this.cursors.set(id, cursor)
    return id
  }

  private hasMore(cursor: OpenCursor): boolean {
    return cursor.position < cursor.docs.length || (cursor.stream !== undefined && !cursor.stream.done)
  }

  /** Computes up to `count` more documents from the stream (pausing as it goes), then takes a batch. */
  private async take(cursor: OpenCursor, count: number, op: Operation): Promise<Doc[]> {
    const stream = cursor.stream
    const missing = count - (cursor.docs.length - cursor.position)
    if (stream && missing > 0) {
      cursor.running = op
      try {
        for (const doc of await stream.pull(missing, op)) cursor.docs.push(doc)
      } finally {
        cursor.running = undefined
      }
      if (stream.done) cursor.stream = undefined
    }
    return this.takeReady(cursor, count)
  }

  /** Closes cursors idle for longer than the timeout, as mongod does after 10 minutes. */
  sweep(now = Date.now()): number {
    let closed = 0
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.lastUsed > this.idleTimeoutMs && !cursor.running) {
        this.close(id)
        closed++
      }
    }
    return closed
  }

  private takeReady(cursor: OpenCursor, count: number): Doc[] {
    const end = Math.min(cursor.docs.length, cursor.position + count)
    const batch = cursor.project(cursor.docs.slice(cursor.position, end))
    let bytes = 0
    let n = 0
    while (n < batch.length) {
      bytes += calculateObjectSize(batch[n] as Doc)
      if (bytes > MAX_BATCH_BYTES && n > 0) break
      n++
    }
    cursor.position += n
    // Released documents are not kept twice (the stream may still grow the array).
    if (cursor.position === cursor.docs.length) {
      cursor.docs = []
      cursor.position = 0
    }
    return n === batch.length ? batch : batch.slice(0, n)
  }
}

function firstBatchSize(options: BatchOptions): number {
  if (options.batchSize === 0) return 0
  return options.batchSize && options.batchSize > 0 ? options.batchSize : DEFAULT_FIRST_BATCH
}
