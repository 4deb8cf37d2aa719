import type { Actor } from '../access/actor.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { Resources } from '../models/index.js'
import { forwardTransition, type PaymentState } from '../models/payment-states.js'
import { recordReceipt, type CapturedPayment } from './record-receipt.js'

// The one path by which the provider's view of a payment reaches our record, for webhooks and the reconcile job
// alike: the state moves only forward (a late or repeated event finds no transition and changes nothing), and each
// captured payment is recorded on the booking once.

export interface ProviderView {
  state: PaymentState
  amountPaid: number
  captured: CapturedPayment[]
  /** Where the view came from, for the audit reason (`razorpay payment_link.paid evt_...`, `reconcile`). */
  source: string
}

export interface Applied {
  moved: string | null
  receipts: number
}

export async function applyProviderView(
  resources: Resources,
  service: ResourceService,
  actor: Actor,
  record: ResourceRecord,
  view: ProviderView,
): Promise<Applied> {
  const id = String(record._id)
  let current = record
  const name = forwardTransition(String(record.status), view.state)
  if (name !== undefined) {
    const values = name === 'pay' || name === 'pay_partially' ? { amount_paid: view.amountPaid } : {}
    current = await service.transition(actor, id, { name, values, reason: view.source })
  }
  let receipts = 0
  for (const payment of view.captured) {
    if (await recordReceipt(resources, actor, current, payment)) receipts += 1
  }
  return { moved: name ?? null, receipts }
}

/** The local payment a provider entity belongs to: by the provider's id, or by the id we sent in its notes. */
export async function findLocal(
  service: ResourceService,
  providerId: string,
  crmId: unknown,
): Promise<ResourceRecord | null> {
  const byProvider = await service.model.findOne({ provider_id: providerId }).lean<ResourceRecord>()
  if (byProvider) return byProvider
  if (typeof crmId !== 'string' || !/^[0-9a-f]{24}$/i.test(crmId)) return null
  return service.model.findOne({ _id: crmId }).lean<ResourceRecord>()
}
