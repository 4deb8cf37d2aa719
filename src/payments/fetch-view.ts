import type { PaymentProvider } from '../integrations/razorpay.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { ProviderView } from './apply-state.js'
import { capturedOf, capturedOfLink, linkState, qrState } from './provider-views.js'

// The provider's current view of one stored payment, fetched (the reconcile job's side of what webhooks push).

export async function fetchLinkView(provider: PaymentProvider, record: ResourceRecord, source: string): Promise<ProviderView | null> {
  const link = await provider.fetchLink(String(record.provider_id))
  const state = linkState(link.status)
  if (!state) return null
  return { state, amountPaid: link.amount_paid, captured: capturedOfLink(link), source }
}

export async function fetchQrView(provider: PaymentProvider, record: ResourceRecord, source: string): Promise<ProviderView> {
  const id = String(record.provider_id)
  const qr = await provider.fetchQr(id)
  const received = qr.payments_amount_received
  const captured = received > 0 ? capturedOf(await provider.fetchQrPayments(id)) : []
  return { state: qrState(qr, Number(record.amount)), amountPaid: received, captured, source }
}
