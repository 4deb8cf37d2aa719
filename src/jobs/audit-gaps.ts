import type { Types } from 'mongoose'
import type { AuditModel } from '../audit/audit-entry.js'
import type { ResourceService } from '../models/bind-resource.js'
import { REVISION_FIELD } from '../models/plugins/revision.js'

export interface AuditGap {
  documentId: string
  revision: number
  /** Revisions 1..revision with no committed entry. */
  missing: number[]
}

type Changed = { _id: Types.ObjectId; [REVISION_FIELD]?: number }

/** Documents changed per query, so a busy window is read in bounded pieces. */
const BATCH = 500

/**
 * The invariant "every document revision has its committed entry", checked on the documents (trashed ones too)
 * changed between `since` and `until`.
 */
export async function findAuditGaps(
  service: ResourceService,
  audit: AuditModel,
  window: { since: Date; until: Date },
): Promise<AuditGap[]> {
  const gaps: AuditGap[] = []
  let after: Types.ObjectId | undefined
  for (;;) {
    const docs = await service.model
      .find(
        { updatedAt: { $gte: window.since, $lte: window.until }, ...(after ? { _id: { $gt: after } } : {}) },
        { _id: 1, [REVISION_FIELD]: 1 },
      )
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<Changed[]>()
    const last = docs.at(-1)
    if (!last) return gaps
    after = last._id
    gaps.push(...(await gapsIn(service.def.resource, audit, docs)))
  }
}

async function gapsIn(resource: string, audit: AuditModel, docs: readonly Changed[]): Promise<AuditGap[]> {
  const entries = await audit
    .find(
      { resource, documentId: { $in: docs.map((d) => d._id) }, status: 'committed' },
      { documentId: 1, revision: 1 },
    )
    .lean()
  const seen = new Map<string, Set<number>>()
  for (const entry of entries) {
    const key = entry.documentId.toHexString()
    const revisions = seen.get(key) ?? new Set<number>()
    revisions.add(entry.revision)
    seen.set(key, revisions)
  }
  const gaps: AuditGap[] = []
  for (const doc of docs) {
    const revision = doc[REVISION_FIELD] ?? 1
    const have = seen.get(doc._id.toHexString()) ?? new Set<number>()
    const missing = Array.from({ length: revision }, (_, i) => i + 1).filter((r) => !have.has(r))
    if (missing.length > 0) gaps.push({ documentId: doc._id.toHexString(), revision, missing })
  }
  return gaps
}
