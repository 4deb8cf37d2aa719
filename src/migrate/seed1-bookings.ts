import type { Document } from 'mongodb'
import type { Types } from 'mongoose'
import type { FieldChange } from '../audit/audit-entry.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { OldChange } from './import-document.js'

// Seed 1's booking (shared/reference/seed-systems.md §2.4, §2.5) in our shape. Values are mapped, never judged here:
// fitToResource decides what our validation accepts.

const BUSINESS_FIELDS = [
  'user_id',
  'bdm',
  'branch_name',
  'company_name',
  'contact_person',
  'email',
  'services',
  'total_amount',
  'term_1',
  'term_2',
  'term_3',
  'payment_date',
  'date',
  'pan',
  'gst',
  'bank',
  'state',
  'status',
  'remark',
  'closed_by',
  'after_disbursement',
] as const

/** Seed 1 stored `contact_no` as a Number; we keep phone numbers as text. */
function phoneText(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value
}

function timestampOf(old: Document, field: 'createdAt' | 'updatedAt'): Date {
  const value: unknown = old[field]
  if (value instanceof Date) return value
  return (old._id as Types.ObjectId).getTimestamp()
}

export function bookingRecord(old: Document): ResourceRecord {
  const record: ResourceRecord = {}
  for (const field of BUSINESS_FIELDS) if (old[field] !== undefined) record[field] = old[field] as unknown
  if (old.user_id !== undefined && old.user_id !== null) record.user_id = String(old.user_id)
  if (old.contact_no !== undefined) record.contact_no = phoneText(old.contact_no)
  record.createdAt = timestampOf(old, 'createdAt')
  record.updatedAt = timestampOf(old, 'updatedAt')
  const trashed = old.isDeleted === true
  record.deletedAt = trashed ? ((old.deletedAt as Date | null) ?? record.updatedAt) : null
  record.deletedBy = trashed ? ((old.deletedBy as string | null) ?? 'Unknown') : null
  record.deleteReason = trashed ? 'trashed in seed 1' : null
  return record
}

/** `updatedhistory` entries: `changes` is a map of field -> { old, new }. */
export function bookingHistory(old: Document): OldChange[] {
  const entries = Array.isArray(old.updatedhistory) ? (old.updatedhistory as Document[]) : []
  return entries.map((entry) => {
    const map = (entry.changes ?? {}) as Record<string, { old?: unknown; new?: unknown } | undefined>
    const changes: FieldChange[] = Object.entries(map).map(([path, change]) => ({
      path,
      before: change?.old ?? null,
      after: change?.new ?? null,
    }))
    return {
      actorName: typeof entry.updatedBy === 'string' ? entry.updatedBy : 'Unknown',
      at: entry.updatedAt instanceof Date ? entry.updatedAt : timestampOf(old, 'updatedAt'),
      changes,
      note: typeof entry.note === 'string' && entry.note !== '' ? entry.note : null,
    }
  })
}
