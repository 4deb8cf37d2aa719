import type { Doc } from './engine/bson-values.js'
import type { Operation } from './engine/operation.js'

/** One command that took longer than the threshold: what an operator needs to find the missing index. */
export interface SlowQueryEvent {
  type: 'slowQuery'
  command: string
  ns: string
  plan: string
  docsExamined: number
  ms: number
}

/** Commands whose time is the client's own waiting, not work: never reported. */
const WAITING = new Set(['hello', 'ismaster', 'endsessions'])

/** The event for a command that ran longer than `slowMs`, or undefined. */
export function slowQueryEvent(body: Doc, db: string, op: Operation, slowMs: number): SlowQueryEvent | undefined {
  const ms = op.elapsedMs
  if (ms < slowMs) return undefined
  const command = Object.keys(body)[0] ?? ''
  if (WAITING.has(command.toLowerCase())) return undefined
  const target = body[command]
  const ns = typeof target === 'string' ? `${db}.${target}` : db
  return { type: 'slowQuery', command, ns, plan: op.plan, docsExamined: op.examined, ms: Math.round(ms * 10) / 10 }
}
