import type { Collection, Document, ObjectId, WithId } from 'mongodb'
import { Types } from 'mongoose'
import type { AuditModel } from '../audit/audit-entry.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { importDocument, isImported, storedRevision, type OldChange } from './import-document.js'
import type { CollectionReport } from './report.js'
import { fitToResource } from './validate-import.js'

/** Old documents are read in `_id` order, a page at a time: memory does not grow with the collection. */
const PAGE = 500

export async function* oldDocuments(collection: Collection): AsyncGenerator<WithId<Document>> {
  let after: ObjectId | undefined
  for (;;) {
    const filter = after === undefined ? {} : { _id: { $gt: after } }
    const page = await collection.find(filter).sort({ _id: 1 }).limit(PAGE).toArray()
    for (const document of page) yield document
    const last = page.at(-1)
    if (!last || page.length < PAGE) return
    after = last._id
  }
}

export interface ResourceMigration {
  /** The old collection's name (seed 1: pluralised lower-case model name). */
  readonly from: string
  readonly record: (old: Document) => ResourceRecord
  readonly history?: (old: Document) => OldChange[]
}

export interface RunOptions {
  readonly dryRun: boolean
  /** Test fault point: throws to stand for the process dying after a document's import entry was claimed. */
  readonly afterClaim?: ((id: string) => void) | undefined
}

/** Migrates one old collection into one of our resources, counting everything in `report`. */
export async function migrateCollection(
  source: Collection,
  service: ResourceService,
  audit: AuditModel,
  migration: ResourceMigration,
  report: CollectionReport,
  options: RunOptions,
): Promise<void> {
  for await (const old of oldDocuments(source)) {
    report.read += 1
    const _id = new Types.ObjectId(old._id.toHexString())
    const history = migration.history?.(old) ?? []
    const revision = await storedRevision(service, _id)
    if (await isImported(service, audit, _id, revision)) {
      report.unchanged += 1
      continue
    }
    const { record, issues } = await fitToResource(service.def, service.model, migration.record(old))
    report.written += 1
    report.historyEntries += history.length
    if (record.deletedAt) report.trashed += 1
    if (issues.length > 0) report.flagged.push({ id: _id.toHexString(), fields: issues.map((issue) => issue.path) })
    if (options.dryRun) continue
    await importDocument(service, audit, { _id, record, history }, 'migration', revision ?? 0, options.afterClaim)
  }
}
