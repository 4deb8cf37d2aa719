import { Types, type Connection } from 'mongoose'
import { describeActor, type Actor } from '../access/actor.js'
import { userModel } from '../models/user.js'
import { enqueue } from '../outbox/outbox-entry.js'
import { notificationMail } from './notification-mail.js'
import { notificationModel } from './notification.js'

// Writes one occurrence (a domain event, a reminder) into its recipients' inboxes and, for those who opted in, queues
// the same line as a mail in the outbox (delivered with retries by `outbox.deliver`).

/** One thing to tell people about. */
export interface Occurrence {
  readonly kind: string
  readonly message: string
  readonly resource: string
  readonly recordId: string
  readonly actor: Actor
  /** Unique per recipient (see Notification.key): handling an occurrence again tells nobody twice. */
  readonly key: string
}

export interface SendOutcome {
  /** Notifications written now (not those an earlier try already wrote). */
  readonly notified: number
  readonly mailed: number
  /** Recipients that are not ids of active users (deactivated, unknown, malformed): nobody to tell. */
  readonly skipped: readonly string[]
}

const DUPLICATE_KEY = 11000

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY
}

/** A declaration's recipient as an id string: declared as strings, but a stored ObjectId is accepted as well. */
function idOf(recipient: unknown): string | null {
  if (typeof recipient === 'string') return recipient
  return recipient instanceof Types.ObjectId ? recipient.toHexString() : null
}

/** Distinct recipient ids as strings, without the user who caused the occurrence. */
export function recipientIds(actor: Actor, recipients: Iterable<unknown>): string[] {
  const self = actor.kind === 'user' ? actor.id : null
  const ids = new Set<string>()
  for (const recipient of recipients) {
    const id = idOf(recipient)
    if (id !== null && id !== self) ids.add(id)
  }
  return [...ids]
}

export async function sendOccurrence(
  connection: Connection,
  occurrence: Occurrence,
  recipients: readonly string[],
): Promise<SendOutcome> {
  // A declaration may hand back anything id-like; only 24-hex ids can name a user.
  const valid = recipients.filter((id) => /^[0-9a-f]{24}$/i.test(id))
  const users = await userModel(connection)
    .find({ _id: { $in: valid }, isActive: true })
    .select({ name: 1, email: 1, notifyByEmail: 1 })
    .lean()
  const found = new Set(users.map((user) => String(user._id)))
  const notifications = notificationModel(connection)
  const { actor } = occurrence
  let notified = 0
  let mailed = 0
  for (const user of users) {
    try {
      await notifications.create({
        recipient: user._id,
        kind: occurrence.kind,
        message: occurrence.message,
        resource: occurrence.resource,
        recordId: occurrence.recordId,
        actor: describeActor(actor),
        actorId: actor.kind === 'user' && Types.ObjectId.isValid(actor.id) ? new Types.ObjectId(actor.id) : null,
        key: occurrence.key,
      })
    } catch (error) {
      // Told already by an earlier try of the same occurrence (and mailed then, if they wanted mail).
      if (isDuplicateKey(error)) continue
      throw error
    }
    notified += 1
    if (user.notifyByEmail) {
      const mail = notificationMail({ to: user.email, name: user.name, message: occurrence.message })
      await enqueue(connection, 'mail', { ...mail }, `notification ${occurrence.key}`)
      mailed += 1
    }
  }
  return { notified, mailed, skipped: recipients.filter((id) => !found.has(id)) }
}
