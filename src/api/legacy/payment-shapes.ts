import type { ResourceRecord } from '../../models/define-resource.js'
import { rupeesOf } from '../../payments/money.js'

// Our payment records in seed 1's shapes (PaymentLink / PaymentQR models): rupees, its status words, its keys.

const LINK_STATUS: Readonly<Record<string, string>> = {
  creating: 'PENDING',
  created: 'PENDING',
  partially_paid: 'PARTIALLY_PAID',
  paid: 'PAID',
  expired: 'EXPIRED',
  cancelled: 'CANCELLED',
  failed: 'FAILED',
}

const QR_STATUS: Readonly<Record<string, string>> = {
  creating: 'Pending',
  created: 'Pending',
  partially_paid: 'Partially Paid',
  paid: 'Paid',
  expired: 'Expired',
  cancelled: 'Cancelled',
  failed: 'Failed',
}

/** Seed 1's PATCH status words to our transitions. */
export const LEGACY_STATUS_TRANSITION: Readonly<Record<string, string>> = {
  PAID: 'pay',
  PARTIALLY_PAID: 'pay_partially',
  EXPIRED: 'expire',
  CANCELLED: 'cancel',
}

const money = (value: unknown) => rupeesOf(typeof value === 'number' ? value : 0)

export function legacyLink(record: ResourceRecord): ResourceRecord {
  return {
    _id: record._id,
    customer: record.customer_name,
    contact: record.customer_contact,
    email: record.customer_email,
    amount: money(record.amount),
    amount_paid: money(record.amount_paid),
    bdm: record.bdm,
    description: record.description,
    link: record.provider_url,
    payment_link_id: record.provider_id,
    status: LINK_STATUS[String(record.status)] ?? 'PENDING',
    booking_id: record.booking_id,
    failure_reason: record.failure_reason,
    createdOn: record.createdAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }
}

export function legacyQr(record: ResourceRecord): ResourceRecord {
  return {
    _id: record._id,
    name: record.name,
    bdm: record.bdm,
    amount: money(record.amount),
    description: record.description,
    qr_id: record.provider_id,
    qr_image: record.provider_url,
    usage: record.usage,
    purpose: record.purpose,
    fixed_amount: true,
    close_by: closeByOf(record),
    status: QR_STATUS[String(record.status)] ?? 'Pending',
    booking_id: record.booking_id,
    createdOn: record.createdAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }
}

/** Unix seconds, as seed 1 stored it. */
function closeByOf(record: ResourceRecord): number {
  const created = record.createdAt instanceof Date ? record.createdAt.getTime() : Date.parse(String(record.createdAt))
  const hours = typeof record.close_by_hours === 'number' ? record.close_by_hours : 24
  return Math.floor(created / 1000) + Math.round(hours * 3600)
}
