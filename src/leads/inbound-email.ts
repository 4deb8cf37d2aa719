import { createHash } from 'node:crypto'
import type { ParsedMail } from 'mailparser'
import type { WebhookActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError, ValidationError } from '../errors.js'
import { removeStored, storeAttachments } from './email-attachments.js'
import { leadFieldsOf } from './email-fields.js'
import { inboundClaimModel } from '../models/lead-inbound-claim.js'

// A raw RFC 822 message from the mail provider's inbound hook (or a mailbox poller) becomes one lead. The message's
// Message-ID is claimed first, so the same mail delivered twice (providers retry) is ingested once.

export const EMAIL_ACTOR: WebhookActor = Object.freeze({ kind: 'webhook', source: 'inbound-email' })

/** The raw text kept with the submission: headers and text, never the attachments' bytes (they are documents). */
const RAW_KEPT = 64 * 1024
/** A claim this old without a lead belongs to a delivery that died: the next delivery takes it over. */
const STALE_CLAIM_MS = 5 * 60_000

export type InboundResult = { duplicate: boolean; id: string }

async function parse(raw: Buffer): Promise<ParsedMail> {
  if (raw.length === 0) throw new ValidationError('The message is empty', [{ path: '(body)', message: 'is empty' }])
  let mail: ParsedMail
  // Loaded on first use, as the other parsers of occasional input: not a cost of every start-up.
  const { simpleParser } = await import('mailparser')
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false })
  } catch {
    throw new ValidationError('The message is not a valid RFC 822 email', [{ path: '(body)', message: 'is malformed' }])
  }
  if (!mail.from?.value[0]?.address && !mail.text) {
    throw new ValidationError('The message has neither a sender nor a text', [{ path: 'from', message: 'is required' }])
  }
  return mail
}

async function existingLead(context: AppContext, messageId: string): Promise<string | null> {
  const lead = await context.resources.leads.model
    .findOne({ messageId }, { _id: 1 })
    .setOptions({ withTrashed: true })
    .lean()
  return lead ? String(lead._id) : null
}

/** Claims the Message-ID; returns the lead already made from it, or null when this delivery should ingest it. */
async function claim(context: AppContext, messageId: string): Promise<string | null> {
  const claims = inboundClaimModel(context.db.connection)
  try {
    await claims.create({ _id: messageId, at: new Date() })
    return null
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error
  }
  const done = await existingLead(context, messageId)
  if (done !== null) return done
  const taken = await claims.updateOne(
    { _id: messageId, at: { $lt: new Date(Date.now() - STALE_CLAIM_MS) } },
    { $set: { at: new Date() } },
  )
  if (taken.modifiedCount === 1) return null
  throw new ConflictError('This message is being ingested by another delivery; retry later')
}

export async function ingestEmail(context: AppContext, raw: Buffer): Promise<InboundResult> {
  const mail = await parse(raw)
  const messageId = mail.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`
  const existing = await claim(context, messageId)
  if (existing !== null) return { duplicate: true, id: existing }
  const fields = leadFieldsOf(mail)
  const documents = await storeAttachments(context.storage, mail.attachments)
  const submission = { at: new Date(), source: 'email', messageId, raw: raw.subarray(0, RAW_KEPT).toString('utf8') }
  try {
    const lead = await context.resources.leads.create(EMAIL_ACTOR, fields, {
      internal: { submissions: [submission], documents, messageId },
      reason: 'inbound email',
    })
    return { duplicate: false, id: String(lead._id) }
  } catch (error) {
    await removeStored(context.storage, documents)
    await inboundClaimModel(context.db.connection).deleteOne({ _id: messageId })
    throw error
  }
}
