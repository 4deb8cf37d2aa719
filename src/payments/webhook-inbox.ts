/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

// The webhook inbox: every delivery is stored here before anything is applied, verified or not. A verified event is
// keyed by its `x-razorpay-event-id`, so a redelivery finds its first copy and is not applied twice; a delivery that
// fails its signature or does not parse is kept as `rejected` with a key of its own and never applied.

export const INBOX_STATES = ['received', 'processed', 'failed', 'rejected'] as const
export type InboxState = (typeof INBOX_STATES)[number]

/** Processing tries (the delivery itself, then `webhooks.retry`) before an entry stays `failed` for an operator. */
export const INBOX_MAX_ATTEMPTS = 6

export interface InboxEntry {
  _id: Types.ObjectId
  source: string
  /** The event id for verified deliveries; `rejected:<_id>` otherwise (a forged id must not block the real one). */
  dedupeKey: string
  eventId: string | null
  event: string | null
  state: InboxState
  rawBody: string
  headers: Record<string, string>
  attempts: number
  lastError: string | null
  /** What processing did (`paid`, `ignored: already paid`), for operators. */
  outcome: string | null
  /** Counts audited writes to the entry itself (replays), the audit log's revision. */
  _rev: number
  processedAt: Date | null
  createdAt: Date
}

const schema = new Schema<InboxEntry>(
  {
    source: { type: String, required: true },
    dedupeKey: { type: String, required: true },
    eventId: { type: String, default: null },
    event: { type: String, default: null },
    state: { type: String, enum: INBOX_STATES, required: true },
    rawBody: { type: String, default: '' },
    headers: { type: Schema.Types.Mixed, default: {} },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    outcome: { type: String, default: null },
    _rev: { type: Number, default: 1 },
    processedAt: { type: Date, default: null },
  },
  { collection: 'webhook_inbox', timestamps: true, versionKey: false, minimize: false },
)
schema.index({ dedupeKey: 1 }, { unique: true })
schema.index({ state: 1, updatedAt: 1 })
schema.index({ createdAt: -1 })

export type InboxModel = Model<InboxEntry>

export function inboxModel(connection: Connection): InboxModel {
  return (connection.models.WebhookInbox as InboxModel | undefined) ?? connection.model<InboxEntry>('WebhookInbox', schema)
}
