import type { ProviderLink, ProviderPayment, ProviderQr } from '../integrations/razorpay.js'
import type { PaymentState } from '../models/payment-states.js'
import type { CapturedPayment } from './record-receipt.js'

// Razorpay's words for a payment's state, mapped onto ours (models/payment-states.ts).

const LINK_STATES: Readonly<Record<string, PaymentState>> = {
  created: 'created',
  issued: 'created',
  partially_paid: 'partially_paid',
  paid: 'paid',
  expired: 'expired',
  cancelled: 'cancelled',
}

export function linkState(status: string): PaymentState | undefined {
  return LINK_STATES[status]
}

/** A QR code is paid once its amount has come in; a closed code with nothing received expired (or was cancelled). */
export function qrState(qr: Pick<ProviderQr, 'status' | 'payments_amount_received' | 'close_reason'>, amount: number): PaymentState {
  const received = qr.payments_amount_received
  if (received >= amount) return 'paid'
  if (received > 0) return 'partially_paid'
  if (qr.status !== 'closed') return 'created'
  return qr.close_reason === 'on_demand' ? 'cancelled' : 'expired'
}

export function capturedOfLink(link: ProviderLink): CapturedPayment[] {
  return (link.payments ?? [])
    .filter((payment) => payment.status === 'captured')
    .map((payment) => ({ id: payment.payment_id, amount: payment.amount, created_at: payment.created_at }))
}

export function capturedOf(payments: readonly ProviderPayment[]): CapturedPayment[] {
  return payments
    .filter((payment) => payment.status === 'captured')
    .map((payment) => ({ id: payment.id, amount: payment.amount, created_at: payment.created_at }))
}
