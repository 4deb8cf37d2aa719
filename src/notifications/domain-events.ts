import type { Connection } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { Logger } from '../logger.js'
import type { DomainEvent, ResourceDefinition, ResourceRecord } from '../models/define-resource.js'
import { recipientIds, sendOccurrence } from './send.js'

// The engine calls this after a create, an update or a transition has committed (resource-writes.ts, workflow.ts),
// whichever door the write came through. It evaluates the resource's declared events and tells their recipients.
// The business write is already acknowledged by the database: a failure here is logged, never thrown, so it can
// neither fail nor undo the write. It is awaited before the write returns, so the caller's response comes after it.

/** What a committed write was, in the words a DomainEvent's `on` uses. */
export type WriteKind = 'created' | 'updated' | { readonly transition: string }

export interface CommittedWrite {
  readonly def: ResourceDefinition
  readonly actor: Actor
  readonly kind: WriteKind
  /** The stored record before the write; null for a create. */
  readonly before: ResourceRecord | null
  /** The stored record after the write (unmasked, ids as ObjectIds). */
  readonly after: ResourceRecord
}

export interface Notifier {
  /** Never rejects. */
  afterCommit(write: CommittedWrite): Promise<void>
}

function matches(event: DomainEvent, kind: WriteKind): boolean {
  if (typeof event.on === 'string' || typeof kind === 'string') return event.on === kind
  return event.on.transition === kind.transition
}

async function fire(connection: Connection, event: DomainEvent, write: CommittedWrite): Promise<readonly string[]> {
  const { after, before, actor, def } = write
  if (event.when && !event.when(after, before)) return []
  const recipients = recipientIds(actor, await event.recipients(after, connection))
  if (recipients.length === 0) return []
  const recordId = String(after._id)
  const outcome = await sendOccurrence(
    connection,
    {
      kind: event.name,
      message: event.message(after),
      resource: def.resource,
      recordId,
      actor,
      key: `event:${event.name}:${def.resource}:${recordId}:${String(after._rev)}`,
    },
    recipients,
  )
  return outcome.skipped
}

/**
 * The notifier of one bound resource. Without a logger (a resource bound by hand, outside the app context) a failure
 * is still reported, as a process warning.
 */
export function createNotifier(connection: Connection, logger: Logger | undefined): Notifier {
  const report = (message: string, fields: Record<string, unknown>): void => {
    if (logger) logger.error(message, fields)
    else process.emitWarning(`${message}: ${JSON.stringify({ ...fields, error: String(fields.error) })}`)
  }
  return {
    async afterCommit(write) {
      for (const event of write.def.events ?? []) {
        if (!matches(event, write.kind)) continue
        const fields = { event: event.name, resource: write.def.resource, recordId: String(write.after._id) }
        try {
          const skipped = await fire(connection, event, write)
          if (skipped.length > 0)
            logger?.debug('notification recipients without an active user', { ...fields, skipped })
        } catch (error) {
          report('notification failed', { ...fields, error })
        }
      }
    },
  }
}
