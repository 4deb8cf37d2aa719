import { systemActor } from '../access/actor.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { CollectionReport, InvariantResult } from './report.js'

// Checked after every real run: what the report claims is what the database holds, and the migrated records work
// through the same service every door uses.

/** Every old document is either in our collection or listed as skipped, and none is left without a revision. */
export async function countsMatch(
  name: string,
  service: ResourceService,
  report: CollectionReport,
): Promise<InvariantResult[]> {
  const collection = service.model.collection
  const stored = await collection.countDocuments({})
  const expected = report.read - report.skipped.length
  const unrevised = await collection.countDocuments({ _rev: { $exists: false } })
  return [
    { name: `${name}: counts`, ok: stored >= expected, detail: `${stored} stored for ${expected} migrated` },
    { name: `${name}: revisions`, ok: unrevised === 0, detail: `${unrevised} without a revision` },
  ]
}

/** Every migrated record reads and exports through the resource service (live and trashed alike). */
export async function readableThroughService(name: string, service: ResourceService): Promise<InvariantResult> {
  let exported = 0
  let unreadable = 0
  const query = { page: 1, limit: 0, trashed: 'include' as const }
  for await (const row of service.exportRows(systemActor, { ...query, fields: ['_id', 'deletedAt'] })) {
    exported += 1
    try {
      await service.get(systemActor, String(row._id), { trashed: row.deletedAt != null, record: false })
    } catch {
      unreadable += 1
    }
  }
  const stored = await service.model.collection.countDocuments({})
  return {
    name: `${name}: readable and exportable`,
    ok: exported === stored && unreadable === 0,
    detail: `${exported} of ${stored} exported, ${unreadable} unreadable`,
  }
}
