import { createHmac, timingSafeEqual } from 'node:crypto'
import { Types } from 'mongoose'
import type { AppContext } from '../app-context.js'
import { processInboxEntry } from './process-inbox.js'
import { inboxModel, type InboxEntry } from './webhook-inbox.js'

// Receives one Razorpay delivery: stored first, verified on the raw bytes, de-duplicated by event id, then applied.

export interface Delivery {
  rawBody: Buffer
  signature: string | undefined
  eventId: string | undefined
  userAgent: string | undefined
}

export type Receipt =
  | { kind: 'rejected'; reason: string }
  | { kind: 'duplicate'; entry: InboxEntry }
  | { kind: 'stored'; entry: InboxEntry }

/** HMAC-SHA256 of the raw body with the webhook secret, compared in constant time. */
export function signatureValid(rawBody: Buffer, signature: string | undefined, secret: string | undefined): boolean {
  if (!secret || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
}

function eventNameOf(rawBody: string): string | null {
  try {
    const parsed = JSON.parse(rawBody) as { event?: unknown }
    return typeof parsed.event === 'string' ? parsed.event.slice(0, 100) : null
  } catch {
    return null
  }
}

function problemOf(app: AppContext, delivery: Delivery, rawBody: string): string | null {
  if (!signatureValid(delivery.rawBody, delivery.signature, app.config.razorpay.webhookSecret)) return 'bad signature'
  if (!delivery.eventId || !/^[\w-]{1,100}$/.test(delivery.eventId)) return 'missing or malformed x-razorpay-event-id'
  if (eventNameOf(rawBody) === null) return 'body is not a Razorpay event'
  return null
}

export async function receiveWebhook(app: AppContext, delivery: Delivery): Promise<Receipt> {
  const inbox = inboxModel(app.db.connection)
  const rawBody = delivery.rawBody.toString('utf8')
  const headers = {
    'x-razorpay-event-id': delivery.eventId ?? '',
    'x-razorpay-signature': delivery.signature ?? '',
    'user-agent': delivery.userAgent ?? '',
  }
  const base = { source: 'razorpay', rawBody, headers, eventId: delivery.eventId ?? null, event: eventNameOf(rawBody) }
  const problem = problemOf(app, delivery, rawBody)
  if (problem !== null) {
    const _id = new Types.ObjectId()
    await inbox.create({ ...base, _id, dedupeKey: `rejected:${String(_id)}`, state: 'rejected', lastError: problem })
    return { kind: 'rejected', reason: problem }
  }
  let entry: InboxEntry
  try {
    entry = (await inbox.create({ ...base, dedupeKey: `razorpay:${String(delivery.eventId)}`, state: 'received' })).toObject()
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error
    const first = await inbox.findOne({ dedupeKey: `razorpay:${String(delivery.eventId)}` }).lean()
    if (!first) throw error
    return { kind: 'duplicate', entry: first }
  }
  return { kind: 'stored', entry: await processInboxEntry(app, entry) }
}
