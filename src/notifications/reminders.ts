import type { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { ReminderOptions, ResourceRecord } from '../models/define-resource.js'
import type { ResourceService } from '../models/bind-resource.js'
import { CLAIM_LEASE_MS, reminderSentModel, type ReminderSentModel } from './reminder-sent.js'
import { isDuplicateKey, recipientIds, sendOccurrence } from './send.js'

// The reminders the `notifications.remind` job sends: for each declared reminder, the live records whose date field is
// due within `daysBefore` days (calendar days in UTC, as date-only values are stored at UTC midnight) and not past by
// more than a day, while `when` holds; each record, reminder and date value once (reminders_sent).

const DAY_MS = 86_400_000
const BATCH = 200

export interface ReminderRun {
  readonly now: Date
  readonly actor: Actor
  /** Called after each reminder sent, with the notifications it wrote. */
  readonly sent: (notified: number) => void
  readonly signal?: AbortSignal | undefined
}

export interface ReminderFailure {
  readonly resource: string
  readonly recordId: string
  readonly reminder: string
  readonly error: unknown
}

/** `[a day ago, the end of the UTC day daysBefore days from now)`. */
export function reminderWindow(now: Date, daysBefore: number): { from: Date; to: Date } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS
  return { from: new Date(now.getTime() - DAY_MS), to: new Date(today + (daysBefore + 1) * DAY_MS) }
}

/** Takes the record's reminder for this date, or answers false when it is sent or another run holds it. */
async function claim(sent: ReminderSentModel, key: Record<string, string>, now: Date): Promise<boolean> {
  try {
    await sent.create({ ...key, state: 'claimed', claimedAt: now })
    return true
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  const stale = new Date(now.getTime() - CLAIM_LEASE_MS)
  const taken = await sent.findOneAndUpdate(
    { ...key, state: 'claimed', claimedAt: { $lt: stale } },
    { $set: { claimedAt: now } },
  )
  return taken !== null
}

async function remindOne(
  service: ResourceService,
  reminder: ReminderOptions,
  record: ResourceRecord,
  run: ReminderRun,
): Promise<void> {
  const connection = service.model.db
  const sent = reminderSentModel(connection)
  const recordId = String(record._id)
  const due = (record[reminder.field] as Date).toISOString()
  const key = { resource: service.def.resource, recordId, reminder: reminder.name, due }
  if (!(await claim(sent, key, run.now))) return
  try {
    const recipients = recipientIds(run.actor, await reminder.recipients(record, connection))
    const outcome = await sendOccurrence(
      connection,
      {
        kind: reminder.name,
        message: reminder.message(record),
        resource: service.def.resource,
        recordId,
        actor: run.actor,
        key: `reminder:${reminder.name}:${service.def.resource}:${recordId}:${due}`,
      },
      recipients,
    )
    await sent.updateOne(key, { $set: { state: 'sent', sentAt: new Date() } })
    run.sent(outcome.notified)
  } catch (error) {
    // Let the next run try again rather than wait for the lease.
    await sent.deleteOne({ ...key, state: 'claimed' })
    throw error
  }
}

/** Sends one declared reminder of one resource; answers the records it failed for (the others are done). */
export async function sendReminder(
  service: ResourceService,
  reminder: ReminderOptions,
  run: ReminderRun,
): Promise<ReminderFailure[]> {
  const { from, to } = reminderWindow(run.now, reminder.daysBefore)
  const failures: ReminderFailure[] = []
  let after: Types.ObjectId | null = null
  for (;;) {
    if (run.signal?.aborted === true) break
    const batch: ResourceRecord[] = await service.model
      .find({
        [reminder.field]: { $gte: from, $lt: to },
        deletedAt: null,
        ...(after === null ? {} : { _id: { $gt: after } }),
      })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<ResourceRecord[]>()
    for (const record of batch) {
      try {
        if (reminder.when && !reminder.when(record)) continue
        await remindOne(service, reminder, record, run)
      } catch (error) {
        failures.push({ resource: service.def.resource, recordId: String(record._id), reminder: reminder.name, error })
      }
    }
    const last = batch.at(-1)
    if (!last || batch.length < BATCH) break
    after = last._id as Types.ObjectId
  }
  return failures
}
