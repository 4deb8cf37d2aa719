import { Long, calculateObjectSize } from 'bson'
import { MongoCommandError } from '../errors.js'
import type { Doc } from './bson-values.js'

/** Replies stay well under maxBsonObjectSize (16 MiB) however large the documents. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024
const DEFAULT_FIRST_BATCH = 101

interface OpenCursor {
  ns: string
  /** The result, fixed when the cursor opened: stored documents are never mutated, so this is a stable view. */
  docs: Doc[]
  position: number
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

  /** The first batch of a result; keeps a cursor open when more remains. */
  open(ns: string, docs: Doc[], options: BatchOptions): Doc {
    const project = options.project ?? ((d: Doc[]): Doc[] => d)
    const size = options.batchSize && options.batchSize > 0 ? options.batchSize : DEFAULT_FIRST_BATCH
    const cursor: OpenCursor = { ns, docs, position: 0, project, lastUsed: Date.now() }
    const firstBatch = this.take(cursor, options.batchSize === 0 ? 0 : size)
    let id = 0
    if (!options.singleBatch && cursor.position < docs.length) {
      id = this.nextId++
      this.cursors.set(id, cursor)
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns }, ok: 1 }
  }

  getMore(id: number, ns: string, batchSize: number | undefined): Doc {
    const cursor = this.cursors.get(id)
    if (!cursor || cursor.ns !== ns) throw new MongoCommandError('CursorNotFound', `cursor id ${id} not found`)
    cursor.lastUsed = Date.now()
    const nextBatch = this.take(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER)
    const done = cursor.position >= cursor.docs.length
    if (done) this.cursors.delete(id)
    return { cursor: { nextBatch, id: Long.fromNumber(done ? 0 : id), ns }, ok: 1 }
  }

  kill(ids: number[]): Doc {
    const killed: Long[] = []
    const notFound: Long[] = []
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id))
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 }
  }

  /** Closes cursors idle for longer than the timeout, as mongod does after 10 minutes. */
  sweep(now = Date.now()): number {
    let closed = 0
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.lastUsed > this.idleTimeoutMs) {
        this.cursors.delete(id)
        closed++
      }
    }
    return closed
  }

  private take(cursor: OpenCursor, count: number): Doc[] {
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
    return n === batch.length ? batch : batch.slice(0, n)
  }
}
