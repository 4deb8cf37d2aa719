import { Types } from 'mongoose'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { NotFoundError } from '../errors.js'
import { notificationModel, type Notification } from './notification.js'

// A user's own inbox: every query is filtered by the recipient, so another user's notification is simply not found.

export const NotificationOut = z.object({
  _id: z.string(),
  kind: z.string().meta({ example: 'leave.approved' }),
  message: z.string(),
  resource: z.string().meta({ example: 'leaves' }),
  recordId: z.string(),
  actor: z.string().meta({ description: 'Who caused it: `user:<id>`, `job:<name>`, `webhook:<source>` or `system`' }),
  actorId: z.string().nullable().meta({ description: 'The user who caused it, when a user did' }),
  read: z.boolean(),
  readAt: z.string().nullable().meta({ format: 'date-time' }),
  createdAt: z.string().meta({ format: 'date-time' }),
})

export interface InboxPage {
  readonly items: ReturnType<typeof presentNotification>[]
  readonly total: number
}

function presentNotification(notification: Notification) {
  return {
    _id: notification._id.toHexString(),
    kind: notification.kind,
    message: notification.message,
    resource: notification.resource,
    recordId: notification.recordId,
    actor: notification.actor,
    actorId: notification.actorId?.toHexString() ?? null,
    read: notification.read,
    readAt: notification.readAt?.toISOString() ?? null,
    createdAt: notification.createdAt.toISOString(),
  }
}

function recipientOf(userId: string): Types.ObjectId {
  return new Types.ObjectId(userId)
}

export async function listInbox(
  context: AppContext,
  userId: string,
  query: { page: number; limit: number; unread: boolean },
): Promise<InboxPage> {
  const model = notificationModel(context.db.connection)
  const filter = { recipient: recipientOf(userId), ...(query.unread ? { read: false } : {}) }
  const [rows, total] = await Promise.all([
    model
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<Notification[]>(),
    model.countDocuments(filter),
  ])
  return { items: rows.map(presentNotification), total }
}

export async function unreadCount(context: AppContext, userId: string): Promise<number> {
  return notificationModel(context.db.connection).countDocuments({ recipient: recipientOf(userId), read: false })
}

/** Marks one of the user's notifications read (again: a no-op that keeps the first readAt). */
export async function markRead(context: AppContext, userId: string, id: string, now = new Date()) {
  const model = notificationModel(context.db.connection)
  const mine = { _id: new Types.ObjectId(id), recipient: recipientOf(userId) }
  await model.updateOne({ ...mine, read: false }, { $set: { read: true, readAt: now } })
  const notification = await model.findOne(mine).lean<Notification>()
  if (!notification) throw new NotFoundError('Notification not found')
  return presentNotification(notification)
}

/** Marks every unread notification of the user read; answers how many changed. */
export async function markAllRead(context: AppContext, userId: string, now = new Date()): Promise<number> {
  const result = await notificationModel(context.db.connection).updateMany(
    { recipient: recipientOf(userId), read: false },
    { $set: { read: true, readAt: now } },
  )
  return result.modifiedCount
}
