/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

// `reminders_sent`: one entry per record, reminder and date value, unique, so a reminder goes out once even with two
// schedulers or a rerun. A run claims the entry before telling anyone and marks it sent after; a claim left by a
// process that died is taken over once its lease is over (the recipients' notifications are keyed, so nobody already
// told is told again).

/** How long a claim holds before another run may take it over, in milliseconds. */
export const CLAIM_LEASE_MS = 30 * 60_000

/** Entries are kept this long (longer than any reminder's window), then expire. */
export const SENT_RETENTION_DAYS = 400

export interface ReminderSent {
  _id: Types.ObjectId
  resource: string
  recordId: string
  /** The reminder's name (`task.due`). */
  reminder: string
  /** The date field's value it was sent for (ISO 8601): a moved due date gets its own reminder. */
  due: string
  state: 'claimed' | 'sent'
  claimedAt: Date
  sentAt: Date | null
}

const schema = new Schema<ReminderSent>(
  {
    resource: { type: String, required: true },
    recordId: { type: String, required: true },
    reminder: { type: String, required: true },
    due: { type: String, required: true },
    state: { type: String, enum: ['claimed', 'sent'], required: true },
    claimedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { collection: 'reminders_sent', versionKey: false },
)
schema.index({ resource: 1, recordId: 1, reminder: 1, due: 1 }, { unique: true })
schema.index({ claimedAt: 1 }, { expireAfterSeconds: SENT_RETENTION_DAYS * 86_400 })

export type ReminderSentModel = Model<ReminderSent>

export function reminderSentModel(connection: Connection): ReminderSentModel {
  return (
    (connection.models.ReminderSent as ReminderSentModel | undefined) ??
    connection.model<ReminderSent>('ReminderSent', schema)
  )
}
