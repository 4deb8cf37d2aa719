import type { Types } from 'mongoose'
import type { AuditActor, AuditModel, FieldChange } from '../audit/audit-entry.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { ResourceService } from '../models/bind-resource.js'
import { diffRecords } from '../audit/changes.js'
import { searchGramsOf } from '../models/search-index.js'

// Writes one old document in our shape, with its old history as audit entries, without transactions and safe to
// re-run after a crash at any point:
//   1. the old history entries become committed entries at revisions 1..n (upserts keyed by the unique
//      (resource, document, revision) index: a re-run inserts nothing twice);
//   2. the `import` entry is claimed `pending` at revision n+1;
//   3. the document is written (replaced in place, same _id) at revision n+1;
//   4. the entry is committed.
// Dying between 2 and 3 leaves a pending entry the document never reached (recovery drops it, the next run redoes
// the import); dying between 3 and 4 leaves one the document carries (recovery, or the next run, commits it).

/** One old history entry, in our change format. */
export interface OldChange {
  actorName: string
  at: Date
  changes: FieldChange[]
  note: string | null
}

export interface ImportDocument {
  _id: Types.ObjectId
  /** The document in our shape (business fields, trash fields, timestamps, importIssues). */
  record: ResourceRecord
  history: readonly OldChange[]
}

function importedActor(name: string): AuditActor {
  return { kind: 'system', name: `imported: ${name || 'Unknown'}` }
}

/** One round trip: upserts keyed by the unique revision index, so a re-run inserts nothing twice. */
async function writeHistory(audit: AuditModel, resource: string, doc: ImportDocument, base: number): Promise<void> {
  if (doc.history.length === 0) return
  await audit.bulkWrite(
    doc.history.map((entry, index) => ({
      updateOne: {
        filter: { resource, documentId: doc._id, revision: base + index + 1 },
        update: {
          $setOnInsert: {
            action: 'update' as const,
            actor: importedActor(entry.actorName),
            requestId: null,
            at: entry.at,
            changes: entry.changes,
            reason: entry.note,
            status: 'committed' as const,
          },
        },
        upsert: true,
      },
    })),
    { ordered: true },
  )
}

/** The revision a document has in our collection: undefined when absent, 0 when it has none yet. */
export async function storedRevision(service: ResourceService, _id: Types.ObjectId): Promise<number | undefined> {
  const stored = await service.model.collection.findOne({ _id }, { projection: { _rev: 1 } })
  if (!stored) return undefined
  return typeof stored._rev === 'number' ? stored._rev : 0
}

/**
 * Has an earlier run finished this document: its import entry exists and the document carries that revision (or a
 * later one, after edits)? A pending entry in that state is one whose run died after the write: committed here, as
 * recovery would.
 */
export async function isImported(
  service: ResourceService,
  audit: AuditModel,
  _id: Types.ObjectId,
  revision: number | undefined,
): Promise<boolean> {
  // Never written by us: no import entry can be complete.
  if (revision === undefined || revision === 0) return false
  const entry = await audit.findOne({ resource: service.def.resource, documentId: _id, action: 'import' }).lean()
  if (!entry || revision < entry.revision) return false
  if (entry.status === 'pending') await audit.updateOne({ _id: entry._id }, { $set: { status: 'committed' } })
  return true
}

export async function importDocument(
  service: ResourceService,
  audit: AuditModel,
  doc: ImportDocument,
  importedBy: string,
  /**
   * The document's current revision in our collection (storedRevision): the old history starts after it, which is 0
   * unless the app changed the document in place before the migration reached it (a straggler read as revision 0
   * and edited); then those entries come first.
   */
  base: number,
  afterClaim?: (id: string) => void,
): Promise<void> {
  const resource = service.def.resource
  await writeHistory(audit, resource, doc, base)
  const revision = base + doc.history.length + 1
  // A pending claim left by a run that died before its write: drop it and claim afresh.
  await audit.deleteOne({ resource, documentId: doc._id, revision, status: 'pending' })
  const entry = await audit.create({
    resource,
    documentId: doc._id,
    revision,
    action: 'import',
    actor: importedActor(importedBy),
    requestId: null,
    at: new Date(),
    changes: diffRecords(undefined, doc.record, service.def.auditPaths),
    reason: 'migrated from seed 1',
    status: 'pending',
  })
  afterClaim?.(doc._id.toHexString())
  // Through the model: casting and the collection's hooks (list cache) apply; timestamps are the old ones.
  await service.model
    .replaceOne(
      { _id: doc._id },
      // The search index's grams (search-index.ts) are derived here as on every other write of the resource.
      { ...doc.record, ...searchGramsOf(service.def, doc.record), _id: doc._id, _rev: revision },
      { upsert: true, timestamps: false },
    )
    .setOptions({ withTrashed: true })
  await audit.updateOne({ _id: entry._id }, { $set: { status: 'committed' } })
}
