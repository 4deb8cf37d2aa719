import type { Document } from 'mongodb'
import type { Types } from 'mongoose'
import type { FieldChange } from '../audit/audit-entry.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { employeeResource } from '../models/employee.js'
import type { OldChange } from './import-document.js'

// Seed 1's EmployeeProfile and raw leads (`emails`) in our shapes (shared/reference/seed-systems.md §2.4, §2.5).

/** Seed 1 and we name the employee's fields alike: every input field (the salary aside, which changes unit) and the id. */
const EMPLOYEE_SAME_FIELDS = [
  ...Object.keys(employeeResource.input.shape).filter((field) => field !== 'offeredSalary'),
  'employeeId',
]

/** Seed 1's two flags become one lifecycle state: review status first, then whether the profile is active. */
function employeeState(old: Document): string {
  const review = old.profileCompletionStatus as unknown
  if (review === 'rejected') return 'rejected'
  if (review !== 'approved') return 'pending_review'
  return old.isActive === false ? 'deactivated' : 'active'
}

/** Salary was free text in rupees; ours is integer paise. A value that is no number stays for importIssues. */
function salaryPaise(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) : value
  if (typeof value !== 'string' || value.trim() === '') return value
  const rupees = Number(value.replace(/[,\s₹]/g, ''))
  return Number.isFinite(rupees) ? Math.round(rupees * 100) : value
}

function timestamps(old: Document): { createdAt: Date; updatedAt: Date } {
  const created = old.createdAt instanceof Date ? old.createdAt : (old._id as Types.ObjectId).getTimestamp()
  return { createdAt: created, updatedAt: old.updatedAt instanceof Date ? old.updatedAt : created }
}

export function employeeRecord(old: Document): ResourceRecord {
  const record: ResourceRecord = {}
  for (const field of EMPLOYEE_SAME_FIELDS) if (old[field] !== undefined) record[field] = old[field] as unknown
  if (old.userId !== undefined && old.userId !== null) record.userId = String(old.userId)
  record.offeredSalary = salaryPaise(old.offeredSalary)
  record.status = employeeState(old)
  // The photos were Cloudinary URLs: the files themselves are not ours to fetch; the URLs stay in importIssues.
  record.employeePhoto = null
  record.aadhaarCardPhoto = null
  const photos = photoIssues(old)
  return {
    ...record,
    ...timestamps(old),
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    ...(photos.length > 0 ? { importIssues: photos } : {}),
  }
}

/** Old photo URLs, listed on the record so HR can upload the files again. */
function photoIssues(old: Document): Array<{ path: string; message: string; value: unknown }> {
  return (['employeePhoto', 'aadhaarCardPhoto'] as const)
    .filter((field) => typeof old[field] === 'string' && old[field] !== '')
    .map((field) => ({
      path: field,
      message: 'kept by seed 1 outside the database; upload it again',
      value: old[field] as unknown,
    }))
}

/** `updateHistory`: `changes` maps field -> { oldValue, newValue }; `updatedBy` is the editor's user id. */
export function employeeHistory(old: Document): OldChange[] {
  const entries = Array.isArray(old.updateHistory) ? (old.updateHistory as Document[]) : []
  return entries.map((entry) => {
    const map = (entry.changes ?? {}) as Record<string, { oldValue?: unknown; newValue?: unknown } | undefined>
    const changes: FieldChange[] = Object.entries(map).map(([path, change]) => ({
      path,
      before: change?.oldValue ?? null,
      after: change?.newValue ?? null,
    }))
    return {
      actorName: typeof entry.updatedBy === 'string' ? entry.updatedBy : 'Unknown',
      at: entry.updatedAt instanceof Date ? entry.updatedAt : timestamps(old).updatedAt,
      changes,
      note: typeof entry.reason === 'string' && entry.reason !== '' ? entry.reason : null,
    }
  })
}

/** A raw lead of seed 1's website form: kept as submitted, new and unassigned unless a user of that name exists. */
export function leadRecord(old: Document, ownerIdByName: ReadonlyMap<string, string>): ResourceRecord {
  const assigned =
    typeof old.assignedTo === 'string' ? ownerIdByName.get(old.assignedTo.trim().toLowerCase()) : undefined
  const submission: Record<string, unknown> = { ...old }
  Reflect.deleteProperty(submission, '_id')
  return {
    name: old.name as unknown,
    companyName: old.companyName ?? '',
    email: typeof old.email === 'string' ? old.email.trim().toLowerCase() : null,
    phoneNumber: old.phoneNumber === undefined || old.phoneNumber === null ? null : String(old.phoneNumber),
    location: old.location ?? '',
    service: old.service ?? '',
    message: old.message ?? '',
    source: 'website',
    status: 'new',
    assignedTo: assigned ?? null,
    submissions: [
      { source: 'website', receivedAt: timestamps(old).createdAt, raw: submission, importedFrom: 'seed 1' },
    ],
    ...timestamps(old),
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  }
}
