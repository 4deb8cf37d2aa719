import type { LinkRequest, PaymentProvider, QrRequest } from '../integrations/razorpay.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { rupeesOf } from './money.js'
import type { Opener } from './open-payment.js'

// How a stored payment becomes a Razorpay create call, and the Sheets row seed 1 logged for it.

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' && value !== '' ? value : fallback)
const num = (value: unknown): number => (typeof value === 'number' ? value : 0)
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback)

function notes(record: ResourceRecord, purpose: string): Record<string, string> {
  const base = { purpose, crm_id: String(record._id) }
  return typeof record.booking_id === 'string' ? { ...base, booking_id: record.booking_id } : base
}

export function linkRequest(record: ResourceRecord, callbackUrl: string): LinkRequest {
  const email = str(record.customer_email)
  const expireBy = record.expire_by instanceof Date ? Math.floor(record.expire_by.getTime() / 1000) : undefined
  return {
    amount: num(record.amount),
    currency: 'INR',
    accept_partial: bool(record.accept_partial, false),
    description: str(record.description, 'UPI Payment'),
    // Razorpay refuses a second link with the same reference: a replayed create can never make two links.
    reference_id: String(record._id),
    customer: { name: str(record.customer_name, 'Customer'), ...(email ? { email } : {}), contact: str(record.customer_contact) },
    notify: { sms: bool(record.notify_sms, true), email: bool(record.notify_email, true) },
    reminder_enable: bool(record.reminder_enable, true),
    ...(expireBy === undefined ? {} : { expire_by: expireBy }),
    callback_url: callbackUrl,
    callback_method: 'get',
    notes: notes(record, 'UPI Payment Link'),
  }
}

export function qrRequest(record: ResourceRecord, now = Date.now()): QrRequest {
  const usage = record.usage === 'multiple_use' ? 'multiple_use' : 'single_use'
  return {
    type: 'upi_qr',
    name: str(record.name, 'Customer'),
    usage,
    fixed_amount: true,
    payment_amount: num(record.amount),
    description: str(record.description, 'UPI QR Payment'),
    close_by: Math.floor(now / 1000) + Math.round(num(record.close_by_hours) * 3600),
    notes: notes(record, str(record.purpose, 'UPI QR Payment')),
  }
}

export function linkOpener(provider: PaymentProvider, callbackUrl: string): Opener {
  return {
    what: 'payment link',
    async open(record) {
      const link = await provider.createLink(linkRequest(record, callbackUrl))
      return { provider_id: link.id, provider_url: link.short_url }
    },
    sheetRow: (record) => ({
      type: 'LINK',
      description: str(record.description, 'UPI Payment'),
      email: str(record.customer_email),
      phone: str(record.customer_contact),
      bdm: str(record.bdm),
      paymentLink: str(record.provider_url),
      amount: rupeesOf(num(record.amount)),
      status: 'Pending',
      name: str(record.customer_name, 'Customer'),
    }),
  }
}

export function qrOpener(provider: PaymentProvider): Opener {
  return {
    what: 'UPI QR code',
    async open(record) {
      const qr = await provider.createQr(qrRequest(record))
      return { provider_id: qr.id, provider_url: qr.image_url }
    },
    sheetRow: (record) => ({
      type: 'QR',
      name: str(record.name),
      bdm: str(record.bdm),
      amount: rupeesOf(num(record.amount)),
      description: str(record.description, 'UPI QR Payment'),
      qr_id: str(record.provider_id),
      qr_image: str(record.provider_url),
      usage: str(record.usage, 'single_use'),
      purpose: str(record.purpose, 'UPI QR Payment'),
      fixed_amount: true,
      close_by: Math.floor(new Date(String(record.createdAt)).getTime() / 1000) + Math.round(num(record.close_by_hours) * 3600),
      status: 'Pending',
    }),
  }
}
