/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

// The outbox: anything sent outside (a Sheets row, a mail) is written here first, in the request, and delivered by
// the `outbox.deliver` job with retries and backoff. A failed delivery never fails the request that wrote it, and an
// entry is never dropped: it ends `sent`, or `failed` (attempts exhausted) where operators see it.

export const OUTBOX_CHANNELS = ['sheets', 'mail'] as const
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number]
export const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const

/** Tries before an entry is `failed`; the delay doubles from BACKOFF_MS (1, 2, 4, 8... minutes). */
export const MAX_ATTEMPTS = 8
export const BACKOFF_MS = 60_000

export interface OutboxEntry {
  _id: Types.ObjectId
  channel: OutboxChannel
  payload: Record<string, unknown>
  state: (typeof OUTBOX_STATES)[number]
  attempts: number
  nextAttemptAt: Date
  /** A delivery in progress holds the entry until then; a dead process's claim lapses. */
  lockedUntil: Date | null
  lastError: string | null
  sentAt: Date | null
  /** What wrote it (`payment-links:<id>`, `mail.welcome`), for operators. */
  origin: string
  createdAt: Date
}

const schema = new Schema<OutboxEntry>(
  {
    channel: { type: String, enum: OUTBOX_CHANNELS, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: OUTBOX_STATES, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    origin: { type: String, default: '' },
  },
  { collection: 'outbox', timestamps: true, versionKey: false, minimize: false },
)
schema.index({ state: 1, nextAttemptAt: 1 })

export type OutboxModel = Model<OutboxEntry>

export function outboxModel(connection: Connection): OutboxModel {
  return (connection.models.OutboxEntry as OutboxModel | undefined) ?? connection.model<OutboxEntry>('OutboxEntry', schema)
}

/** Writes one message for later delivery; resolves once it is stored (the caller's promise to deliver it). */
export async function enqueue(
  connection: Connection,
  channel: OutboxChannel,
  payload: Record<string, unknown>,
  origin: string,
): Promise<OutboxEntry> {
  const created = await outboxModel(connection).create({ channel, payload, origin, nextAttemptAt: new Date() })
  return created.toObject()
}
