import { Types } from 'mongoose'
import { expect } from 'vitest'
import type { ResourceRecord } from '../../src/models/define-resource.js'
import { listFilter, sortOf } from '../../src/models/resource-reads.js'
import { boundOf } from '../../src/models/resource-registry.js'
import { SEARCH_GRAMS_FIELD } from '../../src/models/search-grams.js'
import type { TestApp } from './app.js'

// What the search-index tests of a resource ask of the database directly (tests/api/bookings-search-index.test.ts
// shows the pattern): the stored grams, the regex result the routes document, and the index the planner picks.

const serviceOf = (t: TestApp, resource: string) => {
  const service = t.context.resources.all.find((candidate) => candidate.def.resource === resource)
  if (!service) throw new Error(`no resource ${resource}`)
  return service
}

export async function storedOf(t: TestApp, resource: string, id: string): Promise<ResourceRecord | null> {
  return serviceOf(t, resource).model.collection.findOne({ _id: new Types.ObjectId(id) })
}

export async function gramsOf(t: TestApp, resource: string, id: string): Promise<string[] | undefined> {
  return (await storedOf(t, resource, id))?.[SEARCH_GRAMS_FIELD] as string[] | undefined
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The documented semantics, asked of the collection: the regex over the search fields, live records, `extra` too. */
export async function regexIds(
  t: TestApp,
  resource: string,
  term: string,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const service = serviceOf(t, resource)
  const pattern = new RegExp(escape(term), 'i')
  const rows = await service.model.collection
    .find(
      { deletedAt: null, ...extra, $or: service.def.search.map((field) => ({ [field]: pattern })) },
      { projection: { _id: 1 } },
    )
    .toArray()
  return rows.map((row) => String(row._id)).sort()
}

/** The index names in the plan of the list the engine runs for `q`: its filter and default sort (explain, either server). */
export async function indexFor(t: TestApp, resource: string, q: string): Promise<string[]> {
  const bound = boundOf(t.context.db.connection, resource)
  const actor = { kind: 'job', name: 'test.explain' } as const
  const where = listFilter(bound, actor, { page: 1, limit: 20, q }, 'read')
  const explained = await bound.model.find(where).sort(sortOf(bound, undefined)).explain('queryPlanner')
  return [...JSON.stringify(explained).matchAll(/"indexName":"([^"]+)"/g)].map((match) => match[1] as string)
}

export const idsOf = (rows: Array<{ _id: string }>): string[] => rows.map((row) => row._id).sort()

/** Fails when any response text names the grams field. */
export function expectNoGrams(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(SEARCH_GRAMS_FIELD)
}

/** A record as an older database holds it: written straight to the collection, without grams. */
export async function insertWithoutGrams(t: TestApp, resource: string, record: ResourceRecord): Promise<string> {
  const inserted = await serviceOf(t, resource).model.collection.insertOne({
    ...record,
    _id: new Types.ObjectId(),
    _rev: 3,
    deletedAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  })
  return String(inserted.insertedId)
}

/** Forgets the ready marker, as on a database from before the resource had its index (the next start re-checks). */
export async function forgetReadyMarkers(t: TestApp): Promise<void> {
  await t.context.db.connection.collection('search_index_state').deleteMany({})
}
