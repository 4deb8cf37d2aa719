import { MongoCommandError, asCommandError } from '../errors.js'
import type { Doc } from '../engine/bson-values.js'
import * as admin from './admin.js'
import { aggregate } from './aggregate.js'
import { refuseTransactions } from './args.js'
import * as catalog from './catalog.js'
import type { CommandContext, CommandHandler } from './context.js'
import { count, distinct, find, getMore, killCursors } from './find.js'
import { explain } from './explain.js'
import { findAndModify } from './find-and-modify.js'
import { createIndexes, dropIndexes, listIndexes } from './indexes.js'
import { insert, remove } from './insert-delete.js'
import { update } from './update.js'

/** Command names are matched case-insensitively for the legacy spellings (`ismaster`, `findandmodify`). */
const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({
    hello: admin.hello,
    isMaster: admin.hello,
    ping: admin.ok,
    buildInfo: admin.buildInfo,
    getParameter: admin.getParameter,
    serverStatus: admin.serverStatus,
    hostInfo: admin.hostInfo,
    whatsmyuri: admin.whatsmyuri,
    endSessions: admin.ok,
    killAllSessions: admin.ok,
    killSessions: admin.ok,
    refreshSessions: admin.ok,
    startSession: admin.startSession,
    getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
    listDatabases: catalog.listDatabases,
    listCollections: catalog.listCollections,
    create: catalog.create,
    drop: catalog.drop,
    dropDatabase: catalog.dropDatabase,
    renameCollection: catalog.renameCollection,
    collMod: catalog.collMod,
    dbStats: catalog.dbStats,
    collStats: catalog.collStats,
    insert,
    find,
    getMore,
    killCursors,
    update,
    delete: remove,
    findAndModify,
    aggregate,
    count,
    distinct,
    explain,
    createIndexes,
    listIndexes,
    dropIndexes,
  }).map(([name, handler]) => [name.toLowerCase(), handler]),
)

/** Commands that may carry transaction fields harmlessly (the session bookkeeping ones). */
const SESSION_COMMANDS = new Set([
  'endsessions',
  'killallsessions',
  'killsessions',
  'refreshsessions',
  'hello',
  'ismaster',
])

export function commandName(body: Doc): string {
  return Object.keys(body)[0] ?? ''
}

/**
 * Runs one command and returns its reply; errors become `{ok: 0, code, codeName, errmsg}`. Writes answer
 * synchronously (atomic); long reads answer with a promise and pause between slices.
 */
export function runCommand(ctx: CommandContext): Doc | Promise<Doc> {
  const name = commandName(ctx.body).toLowerCase()
  const handler = HANDLERS.get(name)
  try {
    if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${commandName(ctx.body)}'`)
    if (!SESSION_COMMANDS.has(name)) refuseTransactions(ctx.body)
    const reply = handler(ctx)
    return reply instanceof Promise ? reply.catch((err: unknown) => asCommandError(err).toReply()) : reply
  } catch (err) {
    return asCommandError(err).toReply()
  }
}
