import type { Doc } from '../engine/bson-values.js'
import type { Engine } from '../engine/engine.js'
import type { CursorManager } from '../engine/cursors.js'
import type { Operation } from '../engine/operation.js'

/**
 * What a command handler gets: the parsed body, its database, the server's state, and the operation (deadline,
 * cancellation, cost). Writes are synchronous, so each is atomic; reads may return a promise and pause between
 * slices, reading documents that are never mutated in place.
 */
export interface CommandContext {
  body: Doc
  db: string
  engine: Engine
  cursors: CursorManager
  connectionId: number
  startedAt: Date
  port: number
  op: Operation
}

export type CommandHandler = (ctx: CommandContext) => Doc | Promise<Doc>
