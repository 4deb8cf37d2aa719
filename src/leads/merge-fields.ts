import { sameValue } from '../audit/changes.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { leadInput } from '../models/lead.js'

// What a merge writes on the surviving lead: its empty fields filled from the merged leads (oldest first), every
// submission of theirs copied with where it came from, and a field-level provenance entry for each fill.

/** The source says how the survivor itself arrived; it is never overwritten. */
const FILLABLE = Object.keys(leadInput.shape).filter((field) => field !== 'source')

export interface ProvenanceEntry {
  mergeId: string
  field: string
  before: unknown
  after: unknown
  from: string
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

function listOf(record: ResourceRecord, field: string): unknown[] {
  const value = record[field]
  return Array.isArray(value) ? (value as unknown[]) : []
}

export function mergeSet(survivor: ResourceRecord, others: readonly ResourceRecord[], mergeId: string): ResourceRecord {
  const set: ResourceRecord = {}
  const provenance: ProvenanceEntry[] = []
  for (const field of FILLABLE) {
    if (!isEmpty(survivor[field])) continue
    const donor = others.find((other) => !isEmpty(other[field]))
    if (!donor) continue
    set[field] = donor[field]
    provenance.push({ mergeId, field, before: survivor[field] ?? null, after: donor[field], from: String(donor._id) })
  }
  const copied = others.flatMap((other) =>
    listOf(other, 'submissions').map((submission) => ({
      ...(submission as Record<string, unknown>),
      fromLead: String(other._id),
      mergeId,
    })),
  )
  return {
    ...set,
    submissions: [...listOf(survivor, 'submissions'), ...copied],
    provenance: [...listOf(survivor, 'provenance'), ...provenance],
    mergedFrom: [...listOf(survivor, 'mergedFrom'), ...others.map((other) => String(other._id))],
    mergeIds: [...listOf(survivor, 'mergeIds'), mergeId],
  }
}

/** The inverse for one merge: fills put back (unless changed since), its submissions and bookkeeping removed. */
export function unmergeSet(survivor: ResourceRecord, mergedIds: readonly string[], mergeId: string): ResourceRecord {
  const set: ResourceRecord = {}
  const entries = listOf(survivor, 'provenance') as ProvenanceEntry[]
  for (const entry of entries.filter((e) => e.mergeId === mergeId)) {
    // A value someone changed after the merge is theirs now; only the merge's own fill is taken back.
    if (sameValue(survivor[entry.field], entry.after)) set[entry.field] = entry.before
  }
  const notThisMerge = (item: unknown) => (item as { mergeId?: unknown }).mergeId !== mergeId
  return {
    ...set,
    submissions: listOf(survivor, 'submissions').filter(notThisMerge),
    provenance: entries.filter(notThisMerge),
    mergedFrom: listOf(survivor, 'mergedFrom').filter((id) => !mergedIds.includes(String(id))),
    mergeIds: listOf(survivor, 'mergeIds').filter((id) => id !== mergeId),
  }
}
