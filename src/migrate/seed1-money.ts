import type { Document } from 'mongodb'
import type { Types } from 'mongoose'
import type { ResourceRecord } from '../models/define-resource.js'
import type { ImportIssue } from '../models/plugins/import-issues.js'

// Seed 1's PaymentLink, PaymentQR and invoice (shared/reference/seed-systems.md §2.4) in our shapes: rupees become
// integer paise; the owner, which seed 1 only knew as a `bdm` display name, is the migrated user of that name when
// there is exactly one, else it is left unset and flagged.

const LINK_STATES: Record<string, string> = { PENDING: 'created', PAID: 'paid', EXPIRED: 'expired', FAILED: 'failed' }
const QR_STATES: Record<string, string> = {
  Pending: 'created',
  Paid: 'paid',
  Expired: 'expired',
  Cancelled: 'cancelled',
}

function paise(rupees: unknown): unknown {
  return typeof rupees === 'number' && Number.isFinite(rupees) ? Math.round(rupees * 100) : rupees
}

function common(old: Document): ResourceRecord {
  const created = old.createdAt instanceof Date ? old.createdAt : (old._id as Types.ObjectId).getTimestamp()
  return {
    createdAt: created,
    updatedAt: old.updatedAt instanceof Date ? old.updatedAt : created,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  }
}

/** The owner for a `bdm` name, or an issue naming the name that matched no single user. */
function owner(old: Document, ownerIdByName: ReadonlyMap<string, string>): { user_id?: string; issues: ImportIssue[] } {
  const name = typeof old.bdm === 'string' ? old.bdm.trim() : ''
  const id = ownerIdByName.get(name.toLowerCase())
  if (id) return { user_id: id, issues: [] }
  return { issues: [{ path: 'user_id', message: 'no single migrated user has this bdm name', value: name }] }
}

function state(table: Record<string, string>, value: unknown, issues: ImportIssue[]): string {
  const mapped = typeof value === 'string' ? table[value] : undefined
  if (mapped) return mapped
  issues.push({ path: 'status', message: 'not a status seed 1 knew', value })
  return 'created'
}

export function paymentLinkRecord(old: Document, ownerIdByName: ReadonlyMap<string, string>): ResourceRecord {
  const { user_id, issues } = owner(old, ownerIdByName)
  const status = state(LINK_STATES, old.status, issues)
  const amount = paise(old.amount)
  return {
    ...(user_id ? { user_id } : {}),
    bdm: old.bdm ?? '',
    description: old.description ?? '',
    amount,
    amount_paid: status === 'paid' ? amount : 0,
    status,
    provider_url: old.link ?? null,
    customer_name: old.customer ?? 'Customer',
    customer_contact: old.contact === undefined ? undefined : String(old.contact),
    ...common(old),
    ...(issues.length > 0 ? { importIssues: issues } : {}),
  }
}

export function paymentQrRecord(old: Document, ownerIdByName: ReadonlyMap<string, string>): ResourceRecord {
  const { user_id, issues } = owner(old, ownerIdByName)
  const status = state(QR_STATES, old.status, issues)
  const amount = paise(old.amount)
  return {
    ...(user_id ? { user_id } : {}),
    bdm: old.bdm ?? '',
    description: old.description ?? '',
    name: old.name as unknown,
    amount,
    amount_paid: status === 'paid' ? amount : 0,
    status,
    provider_id: old.qr_id ?? null,
    provider_url: old.qr_image ?? null,
    usage: old.usage ?? 'single_use',
    purpose: old.purpose ?? 'UPI QR Payment',
    ...common(old),
    ...(issues.length > 0 ? { importIssues: issues } : {}),
  }
}

/** The Indian financial year (April to March) of a date, `2025-26`. */
function financialYear(date: Date): string {
  const start = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}

/** Seed 1's `/invoice` documents were proformas with client-computed totals; kept as they were, in paise. */
export function invoiceRecord(old: Document): ResourceRecord {
  const date = new Date(typeof old.date === 'string' || old.date instanceof Date ? old.date : Number.NaN)
  const issues: ImportIssue[] = []
  if (Number.isNaN(date.getTime())) issues.push({ path: 'date', message: 'is not a date', value: old.date })
  const when = Number.isNaN(date.getTime()) ? (common(old).createdAt as Date) : date
  const items = Array.isArray(old.items) ? (old.items as Document[]) : []
  const gst = paise(old.gstAmount)
  return {
    kind: 'proforma',
    number: old.invoiceNumber as unknown,
    financial_year: financialYear(when),
    date: when,
    client_company_name: old.clientCompanyName as unknown,
    client_name: old.clientName ?? '',
    client_email: old.clientEmail ?? '',
    client_address: old.clientAddress ?? '',
    client_gstin: old.clientGstNumber === undefined || old.clientGstNumber === null ? '' : String(old.clientGstNumber),
    items: items.map((item) => ({
      description: String(item.description ?? item.name ?? item.service ?? ''),
      quantity: typeof item.quantity === 'number' ? item.quantity : 1,
      rate: paise(item.rate ?? item.price ?? item.amount ?? 0),
    })),
    include_gst: old.includeGst !== false,
    gst_rate: typeof old.gstRate === 'number' ? old.gstRate : 18,
    subtotal: paise(old.subtotal),
    gst_mode: old.includeGst === false ? 'none' : 'intra',
    cgst: typeof gst === 'number' ? Math.floor(gst / 2) : 0,
    sgst: typeof gst === 'number' ? gst - Math.floor(gst / 2) : 0,
    gst_total: gst,
    total: paise(old.total),
    ...common(old),
    ...(issues.length > 0 ? { importIssues: issues } : {}),
  }
}
