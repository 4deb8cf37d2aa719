import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { appendSheetRow } from '../integrations/sheets.js'
import { BACKOFF_MS, MAX_ATTEMPTS, outboxModel, type OutboxEntry } from './outbox-entry.js'

// Delivers one outbox entry: claimed with a lease (so two processes never send it twice at once), sent, then marked
// `sent`, or put back with a doubled delay, or `failed` once its attempts are spent.

const LEASE_MS = 2 * 60_000

const MailPayload = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
})

async function send(app: AppContext, entry: OutboxEntry): Promise<void> {
  switch (entry.channel) {
    case 'sheets':
      return appendSheetRow(app.config, entry.payload)
    case 'mail':
      return app.mailer.send(MailPayload.parse(entry.payload))
  }
}

/** Claims the next due entry, or null when none is due. */
export async function claimDue(app: AppContext, now: Date): Promise<OutboxEntry | null> {
  return outboxModel(app.db.connection)
    .findOneAndUpdate(
      { state: 'pending', nextAttemptAt: { $lte: now }, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] },
      { $set: { lockedUntil: new Date(now.getTime() + LEASE_MS) }, $inc: { attempts: 1 } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    )
    .lean<OutboxEntry>()
}

export async function deliverEntry(app: AppContext, entry: OutboxEntry, now: Date): Promise<boolean> {
  const outbox = outboxModel(app.db.connection)
  try {
    await send(app, entry)
    await outbox.updateOne({ _id: entry._id }, { $set: { state: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null } })
    return true
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
    const exhausted = entry.attempts >= MAX_ATTEMPTS
    const nextAttemptAt = new Date(now.getTime() + BACKOFF_MS * 2 ** (entry.attempts - 1))
    await outbox.updateOne(
      { _id: entry._id },
      { $set: { state: exhausted ? 'failed' : 'pending', lastError, lockedUntil: null, nextAttemptAt } },
    )
    app.logger.warn('outbox delivery failed', { id: String(entry._id), channel: entry.channel, attempts: entry.attempts, exhausted, error: lastError })
    return false
  }
}
