import { Types } from 'mongoose'
import { z } from 'zod'
import type { WebhookActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError } from '../errors.js'
import { leadInput } from '../models/lead.js'
import { multilineText, requiredText, text } from '../models/fields/text.js'

// The public website form (seed 1's `POST /email/add` body, also `POST /api/v1/leads/intake`): validated, normalised,
// checked for an exact repeat, stored with the submission exactly as received.

export const FORM_ACTOR: WebhookActor = Object.freeze({ kind: 'webhook', source: 'lead-form' })

/**
 * The hidden field real visitors never fill (CSS-hidden on the form). A bot that fills it is answered like a
 * success and nothing is stored, so it has no signal to adapt to.
 */
export const HONEYPOT_FIELD = '_gotcha'

/** Seed 1's body: name, phone and email required; unknown keys are ignored as seed 1 ignored them. */
export const FormIntakeBody = z.object({
  name: requiredText(200),
  companyName: text(200).optional(),
  phoneNumber: z.union([z.string(), z.number()]).transform(String).pipe(requiredText(40)),
  email: requiredText(254),
  location: text(200).optional(),
  service: text(200).optional(),
  message: multilineText(5000).optional(),
  [HONEYPOT_FIELD]: z.unknown().optional(),
})
export type FormIntakeBody = z.input<typeof FormIntakeBody>

export type FormIntakeResult = { stored: true; lead: Record<string, unknown> } | { stored: false; id: string }

function tripped(body: Record<string, unknown>): boolean {
  const value = body[HONEYPOT_FIELD]
  return value !== undefined && value !== null && value !== ''
}

/** The raw body as received, minus the honeypot; kept as JSON text so keys are stored exactly. */
function rawOf(body: Record<string, unknown>): string {
  const { [HONEYPOT_FIELD]: _ignored, ...rest } = body
  return JSON.stringify(rest)
}

async function refuseRepeat(context: AppContext, email: unknown, phone: unknown): Promise<void> {
  const windowMs = context.config.leads.repeatWindowMs
  if (windowMs === 0) return
  const since = new Date(Date.now() - windowMs)
  const repeat = await context.resources.leads.model
    .findOne({ email, phoneNumber: phone, createdAt: { $gte: since } }, { _id: 1 })
    .lean()
  if (repeat) {
    throw new ConflictError('A lead with this email and phone number was already received', [
      { path: 'email', message: 'was already received with this phoneNumber' },
    ])
  }
}

export async function ingestForm(context: AppContext, rawBody: unknown, ip: string): Promise<FormIntakeResult> {
  const body = (rawBody ?? {}) as Record<string, unknown>
  if (tripped(body)) {
    context.logger.info('lead form honeypot tripped', { ip })
    return { stored: false, id: new Types.ObjectId().toHexString() }
  }
  const form = FormIntakeBody.parse(body)
  // The lead's own rules normalise (email lower-cased, phone to E.164) and name a bad field.
  const fields = leadInput.parse({
    name: form.name,
    companyName: form.companyName,
    phoneNumber: form.phoneNumber,
    email: form.email,
    location: form.location,
    service: form.service,
    message: form.message,
    source: 'website',
  })
  await refuseRepeat(context, fields.email, fields.phoneNumber)
  const submission = { at: new Date(), source: 'website', ip, raw: rawOf(body) }
  const lead = await context.resources.leads.create(FORM_ACTOR, fields, {
    internal: { submissions: [submission] },
    reason: 'website form',
  })
  return { stored: true, lead }
}
