import type { Doc } from '../engine/bson-values.js'
import type { Engine } from '../engine/engine.js'
import type { CursorManager } from '../engine/cursors.js'

/** What a command handler gets: the parsed body, its database, and the server's state. Handlers are synchronous. */
export interface CommandContext {
  body: Doc
  db: string
  engine: Engine
  cursors: CursorManager
  connectionId: number
  startedAt: Date
  port: number
}

export type CommandHandler = (ctx: CommandContext) => Doc
