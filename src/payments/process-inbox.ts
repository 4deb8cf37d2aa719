import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { AppError } from '../errors.js'
import { applyRazorpayEvent, RazorpayEvent } from './apply-event.js'
import { inboxModel, type InboxEntry } from './webhook-inbox.js'

// Processes one stored inbox entry: the delivery itself, the `webhooks.retry` job and an operator's replay all come
// here. The entry is claimed by moving `attempts` on (a compare-and-set), so two processors never apply it at once.

export const RAZORPAY_WEBHOOK: Actor = Object.freeze({ kind: 'webhook', source: 'razorpay' })

/** The message an operator reads on the entry: the field problems too, since they say what to correct. */
function messageOf(error: unknown): string {
  if (error instanceof AppError && error.details.length > 0) {
    return `${error.message}: ${error.details.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`
  }
  return error instanceof Error ? error.message : String(error)
}

export async function processInboxEntry(app: AppContext, entry: InboxEntry, actor: Actor = RAZORPAY_WEBHOOK): Promise<InboxEntry> {
  const inbox = inboxModel(app.db.connection)
  const claimed = await inbox.findOneAndUpdate(
    { _id: entry._id, attempts: entry.attempts, state: { $ne: 'rejected' } },
    { $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  )
  if (!claimed) return entry
  let set: Partial<InboxEntry>
  try {
    const event = RazorpayEvent.parse(JSON.parse(entry.rawBody))
    const outcome = await applyRazorpayEvent(app.resources, actor, event, entry.eventId ?? '')
    set = { state: 'processed', outcome, lastError: null, processedAt: new Date() }
  } catch (error) {
    app.logger.warn('webhook processing failed', { inboxId: String(entry._id), error: messageOf(error) })
    set = { state: 'failed', lastError: messageOf(error).slice(0, 1000) }
  }
  return (await inbox.findOneAndUpdate({ _id: entry._id }, { $set: set }, { returnDocument: 'after' }).lean()) ?? entry
}
