import { MAX_HISTORY_PAGE } from '../../audit/history-page.js'
import type { Actor } from '../../access/actor.js'
import { can, MASK } from '../../access/policy.js'
import type { TrailEntry } from '../../audit/history.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { EMPLOYEE_DOCUMENT_FIELDS } from '../../models/employee.js'

// Seed 1's EmployeeProfile shape on the wire, over our employee record: `isActive` and `profileCompletionStatus`
// from the lifecycle state, the salary in rupees, documents as their authorised download path, and `updateHistory`
// rebuilt from the audit log (seed 1 stored it and never showed it).

const INPUT_KEYS = [
  'employeeFullName',
  'designation',
  'department',
  'branch',
  'gender',
  'maritalStatus',
  'dateOfBirth',
  'personalContactNumber',
  'personalEmailAddress',
  'workEmail',
  'workPhoneNumber',
  'permanentAddress',
  'currentAddress',
  'emergencyContactName',
  'emergencyContactNumber',
  'emergencyContactRelationship',
  'dateOfJoining',
  'reportingManager',
  'offeredSalary',
  'dateOfLastPromotion',
  'educationQualification',
  'previousEmployer',
  'totalWorkExperience',
  'accountNumber',
  'bankName',
  'ifscCode',
  'panNumber',
  'aadharNumber',
] as const

/** Rupees as the frontend types them ("45000", "45,000.50") to integer paise; anything else is left to zod. */
function paiseOf(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value
  const text = String(value).replace(/[,\s₹]/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return value
  return Math.round(Number(text) * 100)
}

/**
 * The profile fields of a legacy body. The frontend sends its whole edited row back (ids, timestamps, history...):
 * only the profile's own fields are taken; empty optional dates mean "none".
 */
export function fromLegacy(body: Record<string, unknown>, previous?: ResourceRecord): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const key of INPUT_KEYS) {
    if (!(key in body)) continue
    const value = body[key]
    // A field the caller saw masked and sent back unchanged is not a change.
    if (value === MASK) continue
    input[key] = key === 'offeredSalary' ? paiseOf(value) : value
  }
  if (input.dateOfLastPromotion === '') input.dateOfLastPromotion = null
  if (previous)
    for (const key of Object.keys(input)) if (sameAs(previous[key], input[key])) Reflect.deleteProperty(input, key)
  return input
}

function sameAs(stored: unknown, sent: unknown): boolean {
  if (stored instanceof Date) return typeof sent === 'string' && new Date(sent).getTime() === stored.getTime()
  return stored === sent
}

function statusOf(state: unknown): { isActive: boolean; profileCompletionStatus: string } {
  const isActive = state !== 'deactivated' && state !== 'left'
  const review = state === 'pending_review' || state === 'rejected' ? state : 'approved'
  return { isActive, profileCompletionStatus: review }
}

function documentPath(record: ResourceRecord, field: string): string | null {
  const value = record[field]
  if (value === MASK) return MASK
  if (!value) return null
  return `/api/v1/employees/${String(record._id)}/documents/${field}`
}

/** One profile as seed 1 answered it (without history: see withHistory). */
export function toLegacy(record: ResourceRecord): ResourceRecord {
  const salary = record.offeredSalary
  const shaped: ResourceRecord = {
    ...record,
    ...statusOf(record.status),
    offeredSalary: typeof salary === 'number' ? String(salary / 100) : salary,
  }
  for (const field of EMPLOYEE_DOCUMENT_FIELDS) shaped[field] = documentPath(record, field)
  return shaped
}

function actorLabel(entry: TrailEntry): string {
  const actor = entry.actor
  if (actor.kind === 'user') return actor.id ?? 'user'
  if (actor.kind === 'job') return `job:${actor.name ?? ''}`
  return actor.kind
}

/** Seed 1's updateHistory entries `{ updatedBy, updatedAt, changes: { field: { oldValue, newValue } }, reason }`. */
export function legacyHistory(entries: readonly TrailEntry[]): ResourceRecord[] {
  return entries
    .filter((entry) => 'changes' in entry && entry.action !== 'create')
    .map((entry) => ({
      updatedBy: actorLabel(entry),
      updatedAt: entry.at,
      changes: Object.fromEntries(
        ('changes' in entry ? entry.changes : []).map((change) => [
          change.path,
          { oldValue: change.before ?? null, newValue: change.after ?? null },
        ]),
      ),
      reason: ('reason' in entry ? entry.reason : null) ?? entry.action,
    }))
}

/** The profile with its `updateHistory` from the audit log (empty for callers who may not read history). */
export async function withHistory(
  service: ResourceService,
  actor: Actor,
  record: ResourceRecord,
): Promise<ResourceRecord> {
  const id = String(record._id)
  // Seed 1's array had no pages: the newest MAX_HISTORY_PAGE changes, oldest first as seed 1 appended them.
  const history = can(actor, 'history', 'employees', record)
    ? (await service.history(actor, id, { limit: MAX_HISTORY_PAGE, newestFirst: true })).items.reverse()
    : []
  return { ...toLegacy(record), updateHistory: legacyHistory(history) }
}
