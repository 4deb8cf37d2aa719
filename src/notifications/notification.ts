/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

// `notifications`: each user's inbox. Written only by the engine (domain events after a committed write, reminders
// from the `notifications.remind` job), read and marked read only by the recipient (/api/v1/notifications).

/** Days a notification stays once read (a TTL index on `readAt`); unread ones stay until read. */
export const READ_RETENTION_DAYS = 180

export interface Notification {
  _id: Types.ObjectId
  /** The user told. */
  recipient: Types.ObjectId
  /** The declared event's or reminder's name (`leave.approved`, `task.due`). */
  kind: string
  message: string
  /** The resource (`leaves`) and record the notification is about. */
  resource: string
  recordId: string
  /** Who caused it, as the audit log names actors (`user:<id>`, `job:notifications.remind`). */
  actor: string
  /** The user who caused it, when a user did (for a name in the inbox). */
  actorId: Types.ObjectId | null
  /**
   * What one occurrence is (`event:<name>:<resource>:<id>:<revision>`, `reminder:<name>:<resource>:<id>:<date>`):
   * unique per recipient, so an occurrence handled twice (two schedulers, a retried run) tells nobody twice.
   */
  key: string
  read: boolean
  readAt: Date | null
  createdAt: Date
}

const schema = new Schema<Notification>(
  {
    recipient: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    message: { type: String, required: true },
    resource: { type: String, required: true },
    recordId: { type: String, required: true },
    actor: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    key: { type: String, required: true },
    read: { type: Boolean, default: false },
    readAt: { type: Date, default: null },
  },
  { collection: 'notifications', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
)
// "My unread, newest first" and "my inbox, newest first" are one index: recipient, read, then time.
schema.index({ recipient: 1, read: 1, createdAt: -1, _id: -1 })
schema.index({ recipient: 1, createdAt: -1, _id: -1 })
schema.index({ recipient: 1, key: 1 }, { unique: true })
// A TTL index skips documents whose field is null: unread notifications are never expired.
schema.index({ readAt: 1 }, { expireAfterSeconds: READ_RETENTION_DAYS * 86_400 })

export type NotificationModel = Model<Notification>

export function notificationModel(connection: Connection): NotificationModel {
  return (
    (connection.models.Notification as NotificationModel | undefined) ??
    connection.model<Notification>('Notification', schema)
  )
}
