import { ObjectId } from 'bson'
import type { Doc } from '../engine/bson-values.js'
import type { CommandContext } from './context.js'

/** The server version reported to clients; wire version 21 is MongoDB 7.0. */
const VERSION = '7.0.0'

/**
 * A standalone server with sessions (logicalSessionTimeoutMinutes) and no topologyVersion, so drivers poll with
 * plain heartbeats and never ask for streaming hello or compression.
 */
export function hello(ctx: CommandContext): Doc {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  }
}

export const ok = (): Doc => ({ ok: 1 })

export function buildInfo(): Doc {
  return {
    version: VERSION,
    versionArray: [7, 0, 0, 0],
    gitVersion: 'embedded',
    bits: 64,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['embedded'],
    modules: [],
    ok: 1,
  }
}

export function getParameter(ctx: CommandContext): Doc {
  const out: Doc = { ok: 1 }
  if (ctx.body.featureCompatibilityVersion !== undefined || ctx.body.getParameter === '*')
    out.featureCompatibilityVersion = { version: '7.0' }
  return out
}

export function serverStatus(ctx: CommandContext): Doc {
  const mem = process.memoryUsage()
  return {
    host: `127.0.0.1:${ctx.port}`,
    version: VERSION,
    process: 'embedded-mongo',
    pid: process.pid,
    uptime: Math.floor((Date.now() - ctx.startedAt.getTime()) / 1000),
    localTime: new Date(),
    connections: { current: 0, available: 1000 },
    mem: { resident: Math.round(mem.rss / 1048576), virtual: 0 },
    metrics: { cursor: { open: { total: ctx.cursors.size } } },
    // Indexes still being built in the background (after a restart, or a createIndexes on a large collection):
    // the planner ignores each until it is done, so an operator (or a benchmark) can tell when queries use them.
    indexBuilds: { inProgress: indexBuildsInProgress(ctx) },
    ok: 1,
  }
}

function indexBuildsInProgress(ctx: CommandContext): number {
  let n = 0
  for (const db of ctx.engine.databaseNames())
    for (const coll of ctx.engine.collections(db)) for (const build of coll.building) n += build.pending.size
  return n
}

export function hostInfo(): Doc {
  return {
    system: { currentTime: new Date(), hostname: '127.0.0.1', cpuArch: process.arch },
    os: { type: process.platform },
    extra: {},
    ok: 1,
  }
}

export function whatsmyuri(ctx: CommandContext): Doc {
  return { you: `127.0.0.1:${ctx.port}`, ok: 1 }
}

export function startSession(): Doc {
  return { id: { id: new ObjectId() }, timeoutMinutes: 30, ok: 1 }
}
