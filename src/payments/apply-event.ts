import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { Resources } from '../models/index.js'
import { applyProviderView, findLocal, type ProviderView } from './apply-state.js'
import { capturedOf, linkState, qrState } from './provider-views.js'

// Applies one verified Razorpay event (payment_link.* and qr_code.*) through the shared transition code.
// Anything it cannot place is an error, so the inbox entry stays `failed` and is retried: a webhook that arrives
// before our own create call has stored the provider's id still finds the record through the id in its notes.

const Payment = z.looseObject({
  id: z.string(),
  amount: z.number().int(),
  status: z.string(),
  created_at: z.number(),
})

const Notes = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional()

const LinkEntity = z.looseObject({ id: z.string(), status: z.string(), amount_paid: z.number().int().default(0), notes: Notes })
const QrEntity = z.looseObject({
  id: z.string(),
  status: z.string(),
  payments_amount_received: z.number().int().default(0),
  close_reason: z.string().nullable().optional(),
  notes: Notes,
})

const entityOf = <T extends z.ZodType>(schema: T) => z.looseObject({ entity: schema })

export const RazorpayEvent = z.looseObject({
  event: z.string(),
  payload: z.looseObject({
    payment_link: entityOf(LinkEntity).optional(),
    qr_code: entityOf(QrEntity).optional(),
    payment: entityOf(Payment).optional(),
  }),
})
export type RazorpayEvent = z.infer<typeof RazorpayEvent>

function crmIdOf(notes: z.infer<typeof Notes>): unknown {
  return notes && !Array.isArray(notes) ? notes.crm_id : undefined
}

async function place(service: ResourceService, providerId: string, notes: z.infer<typeof Notes>) {
  const record = await findLocal(service, providerId, crmIdOf(notes))
  if (!record) throw new Error(`No local payment for ${providerId} yet`)
  return record
}

/** Applies the event; returns what it did, for the inbox entry. */
export async function applyRazorpayEvent(
  resources: Resources,
  actor: Actor,
  event: RazorpayEvent,
  eventId: string,
): Promise<string> {
  const { payload } = event
  const source = `razorpay ${event.event} ${eventId}`
  const captured = payload.payment ? capturedOf([payload.payment.entity]) : []
  if (event.event.startsWith('payment_link.') && payload.payment_link) {
    const link = payload.payment_link.entity
    const state = linkState(link.status)
    if (!state) return `ignored: link status ${link.status}`
    const record = await place(resources.paymentLinks, link.id, link.notes)
    const view: ProviderView = { state, amountPaid: link.amount_paid, captured, source }
    return outcome(await applyProviderView(resources, resources.paymentLinks, actor, record, view))
  }
  if (event.event.startsWith('qr_code.') && payload.qr_code) {
    const qr = payload.qr_code.entity
    const record = await place(resources.paymentQrs, qr.id, qr.notes)
    const view: ProviderView = {
      state: qrState(qr, Number(record.amount)),
      amountPaid: qr.payments_amount_received,
      captured,
      source,
    }
    return outcome(await applyProviderView(resources, resources.paymentQrs, actor, record, view))
  }
  return `ignored: ${event.event}`
}

function outcome(applied: { moved: string | null; receipts: number }): string {
  const moved = applied.moved ?? 'no state change'
  return applied.receipts > 0 ? `${moved}; ${String(applied.receipts)} receipt(s) recorded` : moved
}
