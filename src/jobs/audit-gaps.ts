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

/** Changed documents checked per audit-log query, so a busy window is read in bounded pieces. */
const BATCH = 500

/** The documents changed in the window: a range of the `updatedAt` index every audited resource has. */
export function changedIn(window: { since: Date; until: Date }): Record<string, unknown> {
  return { updatedAt: { $gte: window.since, $lte: window.until } }
}

/**
 * The invariant "every document revision has its committed entry", checked on the documents (trashed ones too)
 * changed between `since` and `until`. One cursor over the `updatedAt` index, checked in batches: paging by `_id`
 * instead (`_id > last`, sorted by `_id`) made the planner walk the `_id` index through the whole collection.
 */
export async function findAuditGaps(
  service: ResourceService,
  audit: AuditModel,
  window: { since: Date; until: Date },
): Promise<AuditGap[]> {
  const gaps: AuditGap[] = []
  const changed = service.model
    .find(changedIn(window), { _id: 1, [REVISION_FIELD]: 1 })
    .sort({ updatedAt: 1 })
    .lean<Changed>()
    .cursor({ batchSize: BATCH })
  let batch: Changed[] = []
  for await (const doc of changed) {
    batch.push(doc)
    if (batch.length < BATCH) continue
    gaps.push(...(await gapsIn(service.def.resource, audit, batch)))
    batch = []
  }
  if (batch.length > 0) gaps.push(...(await gapsIn(service.def.resource, audit, batch)))
  return gaps
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
