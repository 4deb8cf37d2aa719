import { createServer, type Server, type Socket } from 'node:net'
import { runCommand } from './commands/index.js'
import type { Doc } from './engine/bson-values.js'
import { CursorManager } from './engine/cursors.js'
import { Engine } from './engine/engine.js'
import { Operation } from './engine/operation.js'
import { slowQueryEvent, type SlowQueryEvent } from './slow-query.js'
import { sweepExpired } from './engine/ttl.js'
import { openStore, type StoreEvent } from './storage/file-store.js'
import type { Store } from './storage/store-types.js'
import { FrameSplitter, encodeReply, parseFrame, type Request } from './wire.js'

export interface EmbeddedMongoOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number | undefined
  /** Interface to bind. Default 127.0.0.1 (never exposed beyond loopback unless asked). */
  host?: string | undefined
  /** Directory for the journal and snapshots; undefined keeps everything in memory. */
  dataDir?: string | undefined
  /** How often the TTL monitor deletes expired documents, in ms. Default 60,000 (mongod's interval). */
  ttlIntervalMs?: number | undefined
  /** Idle time after which an open cursor is closed, in ms. Default 600,000 (mongod's 10 minutes). */
  cursorTimeoutMs?: number | undefined
  /** Journal size in bytes after which a snapshot is written. Default 64 MiB. */
  compactAfterBytes?: number | undefined
  /** Commands that take longer than this, in ms, are reported as a `slowQuery` event. Default 100; 0 reports all. */
  slowMs?: number | undefined
  /** How long one slice of a long read holds the event loop before other clients get a turn, in ms. Default 1. */
  sliceMs?: number | undefined
  /** Receives noteworthy events (recovery truncation, compaction, journal failures, slow queries) for logging. */
  onEvent?: ((event: StoreEvent | SlowQueryEvent | { type: 'journalFailed'; error: Error }) => void) | undefined
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>`: no database name, so callers add their own. */
  uri: string
  port: number
  /** Stops accepting, flushes what was acknowledged to disk, and closes. */
  stop(): Promise<void>
}

const JOURNAL_FAILED: Doc = { ok: 0, code: 1, codeName: 'InternalError', errmsg: 'the write could not be made durable' }

class Connection {
  /** Replies leave in request order, each only after the writes it acknowledges are on disk. */
  private chain: Promise<void> = Promise.resolve()
  private readonly splitter = new FrameSplitter()
  /** Reads still computing; a client that hangs up stops them. */
  private readonly running = new Set<Operation>()

  constructor(
    private readonly socket: Socket,
    private readonly id: number,
    private readonly host: EmbeddedServer,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk) => {
      this.onData(chunk)
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      for (const op of this.running) op.cancel('interrupted')
    })
  }

  get settled(): Promise<void> {
    return this.chain
  }

  /** Stops this connection's long reads at their next slice (the server is stopping); writes are never cut short. */
  interrupt(): void {
    for (const op of this.running) op.cancel('shutdown')
  }

  private onData(chunk: Buffer): void {
    let requests: Request[]
    try {
      requests = this.splitter.push(chunk).map(parseFrame)
    } catch {
      this.socket.destroy() // a malformed stream cannot be resynchronised
      return
    }
    for (const request of requests) this.handle(request)
  }

  private handle(request: Request): void {
    const op = this.host.operationFor(request)
    const { reply, durable } = this.host.execute(request, this.id, op)
    if (reply instanceof Promise) {
      this.running.add(op)
      // The reply promise never rejects: command errors and journal failures are replies.
      void reply.then(() => this.running.delete(op))
    }
    if (request.noReply) return
    this.chain = this.chain
      .then(() => Promise.all([reply, durable]))
      .then(
        ([doc]) => encodeReply(request, doc),
        () => encodeReply(request, JOURNAL_FAILED),
      )
      .then((bytes) => {
        if (!this.socket.destroyed) this.socket.write(bytes)
      })
  }
}

class EmbeddedServer {
  readonly engine = new Engine()
  readonly cursors: CursorManager
  private readonly connections = new Set<Connection>()
  private nextConnectionId = 1
  private readonly startedAt = new Date()
  private timers: NodeJS.Timeout[] = []
  private stopping = false
  port = 0

  constructor(
    private readonly store: Store,
    private readonly options: EmbeddedMongoOptions,
  ) {
    this.cursors = new CursorManager(options.cursorTimeoutMs)
  }

  operationFor(request: Request): Operation {
    const maxTimeMS = request.body.maxTimeMS
    const op = Operation.withMaxTime(typeof maxTimeMS === 'number' ? maxTimeMS : undefined, this.options.sliceMs)
    // A long read that arrives while the server stops ends at its first slice, like one already running.
    if (this.stopping) op.cancel('shutdown')
    return op
  }

  /**
   * Runs a command, then hands its journal records to the store. Writes run synchronously (so each is atomic);
   * a long read answers later, and whatever it wrote at its end (`$out`) is persisted before its reply.
   */
  execute(
    request: Request,
    connectionId: number,
    op: Operation,
  ): { reply: Doc | Promise<Doc>; durable: Promise<void> | undefined } {
    const db = typeof request.body.$db === 'string' ? request.body.$db : (request.db ?? 'admin')
    const reply = runCommand({
      body: request.body,
      db,
      engine: this.engine,
      cursors: this.cursors,
      connectionId,
      startedAt: this.startedAt,
      port: this.port,
      op,
    })
    const durable = this.persist()
    if (!(reply instanceof Promise)) {
      this.reportIfSlow(request, db, op)
      return { reply, durable }
    }
    const settled = reply.then(async (doc) => {
      this.reportIfSlow(request, db, op)
      try {
        await this.persist()
        return doc
      } catch {
        return JOURNAL_FAILED
      }
    })
    return { reply: settled, durable }
  }

  private reportIfSlow(request: Request, db: string, op: Operation): void {
    const event = slowQueryEvent(request.body, db, op, this.options.slowMs ?? 100)
    if (event) this.options.onEvent?.(event)
  }

  private persist(): Promise<void> | undefined {
    const records = this.engine.takePending()
    if (records.length === 0) return undefined
    const durable = this.store.append(records)
    durable.catch((error: unknown) => {
      this.options.onEvent?.({ type: 'journalFailed', error: error as Error })
    })
    return durable
  }

  accept(socket: Socket): void {
    const conn = new Connection(socket, this.nextConnectionId++, this)
    this.connections.add(conn)
    socket.on('close', () => this.connections.delete(conn))
  }

  startTimers(): void {
    const ttl = setInterval(() => {
      if (sweepExpired(this.engine) > 0) void this.persist()?.catch(() => undefined)
    }, this.options.ttlIntervalMs ?? 60_000)
    const cursors = setInterval(() => this.cursors.sweep(), 60_000)
    this.timers = [ttl, cursors]
    for (const t of this.timers) t.unref()
  }

  /**
   * Waits for every connection's replies, after stopping the long reads: a scan may take seconds at 1M documents,
   * and nobody will read its answer (an app stops its database last). Writes are synchronous, so every write
   * received is applied and made durable before the store closes.
   */
  async drain(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    this.stopping = true
    for (const connection of this.connections) connection.interrupt()
    await Promise.allSettled([...this.connections].map((c) => c.settled))
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

/** Starts the embedded MongoDB-compatible server: recovers `dataDir` (if any), then listens on loopback. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const store = await openStore({
    dataDir: options.dataDir,
    compactAfterBytes: options.compactAfterBytes,
    onEvent: options.onEvent,
  })
  const state = new EmbeddedServer(store, options)
  try {
    state.engine.startRecovery()
    // A snapshot's documents stay BSON, decoded for each read (doc-table.ts): decoding them all was most of a start-up.
    await store.recover(
      (record, from) => {
        state.engine.replay(record, from)
      },
      { rawPuts: true },
    )
    state.engine.finishRecovery()
  } catch (err) {
    await store.close() // release the lock file so a retry in this process is not refused
    throw err
  }
  store.setDumper(
    () => state.engine.dump(),
    (put, raw) => {
      state.engine.settleRaw(put, raw)
    },
  )
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    state.accept(socket)
  })
  const host = options.host ?? '127.0.0.1'
  try {
    state.port = await listen(server, options.port ?? 0, host)
  } catch (err) {
    await store.close()
    throw err
  }
  state.startTimers()
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    server.close()
    await state.drain()
    for (const s of sockets) s.destroy()
    await store.close()
  }
  return {
    uri: `mongodb://${host}:${state.port}`,
    port: state.port,
    stop: () => (stopping ??= stop()),
  }
}
