import type { Types } from 'mongoose'
import type { FieldProblem } from '../errors.js'
import type { ReferenceOptions, ResourceRecord } from './define-resource.js'
import { LegalHoldError, ReferencedError } from './resource-errors.js'
import type { Bound } from './resource-reads.js'
import { boundOn } from './resource-registry.js'
import { singular } from './resource-write-rules.js'

// The destroy guard: a record other records name is not destroyed from under them. Trashing stays allowed (it can be
// undone); a permanent delete is refused while any record of any resource, trashed or not, names it, unless every
// such reference is declared `onDestroy: 'cascade'`, in which case those records go with it.

/** How many referrer ids a refusal names. */
const NAMED_IDS = 3

interface Link {
  readonly from: Bound
  readonly field: string
  readonly reference: ReferenceOptions
}

/** One record a destroy takes with it, in the order to destroy them (referrers before what they reference). */
export interface CascadeStep {
  readonly bound: Bound
  readonly record: ResourceRecord
}

/** Every declared reference, of any resource bound on the connection, to `bound`'s records. */
function linksTo(bound: Bound): Link[] {
  return boundOn(bound.connection).flatMap((from) =>
    Object.entries(from.def.references ?? {})
      .filter(([, reference]) => reference.resource === bound.def.resource)
      .map(([field, reference]) => ({ from, field, reference })),
  )
}

/** The filter finding the records whose `field` names `record` (a list field matches any of its items). */
function referrerFilter(bound: Bound, link: Link, record: ResourceRecord): Record<string, unknown> | null {
  const value = record[link.reference.key ?? '_id']
  if (value === undefined || value === null || value === '') return null
  const filter: Record<string, unknown> = { [link.field]: value }
  // A record naming itself (a parent field pointing home) does not hold itself back.
  if (link.from === bound) filter._id = { $ne: record._id }
  return filter
}

async function refusal(link: Link, filter: Record<string, unknown>): Promise<FieldProblem | null> {
  const count = await link.from.model.countDocuments(filter).setOptions({ withTrashed: true })
  if (count === 0) return null
  const some = await link.from.model
    .find(filter, { _id: 1 })
    .setOptions({ withTrashed: true })
    .limit(NAMED_IDS)
    .lean<Array<{ _id: Types.ObjectId }>>()
  const ids = some.map((row) => row._id.toHexString()).join(', ')
  const noun = count === 1 ? singular(link.from.def.resource) : link.from.def.resource
  const verb = count === 1 ? 'names' : 'name'
  return { path: `${link.from.def.resource}.${link.field}`, message: `${count} ${noun} ${verb} it (${ids})` }
}

interface Walk {
  readonly steps: CascadeStep[]
  readonly seen: Set<string>
  readonly refusals: FieldProblem[]
}

async function walk(bound: Bound, record: ResourceRecord, state: Walk): Promise<void> {
  for (const link of linksTo(bound)) {
    const filter = referrerFilter(bound, link, record)
    if (!filter) continue
    if (link.reference.onDestroy !== 'cascade') {
      const refused = await refusal(link, filter)
      if (refused) state.refusals.push(refused)
      continue
    }
    const rows = await link.from.model.find(filter).setOptions({ withTrashed: true }).lean<ResourceRecord[]>()
    for (const row of rows) {
      const key = `${link.from.def.resource}:${String(row._id)}`
      if (state.seen.has(key)) continue
      state.seen.add(key)
      if (link.from.def.trash.legalHold?.(row) === true) {
        throw new LegalHoldError(`A ${link.from.def.name.toLowerCase()} it would take with it is on legal hold`)
      }
      await walk(link.from, row, state)
      state.steps.push({ bound: link.from, record: row })
    }
  }
}

/**
 * What destroying `record` takes with it: the records of cascading references (and theirs), referrers first. Throws
 * ReferencedError (409) naming every refusing referrer as `resource.field` with a count and a few ids, and
 * LegalHoldError when a record the cascade would destroy is on legal hold; nothing has been changed then.
 */
export async function destroyPlan(bound: Bound, record: ResourceRecord): Promise<CascadeStep[]> {
  const state: Walk = { steps: [], seen: new Set([`${bound.def.resource}:${String(record._id)}`]), refusals: [] }
  await walk(bound, record, state)
  if (state.refusals.length > 0) {
    const what = bound.def.name.toLowerCase()
    throw new ReferencedError(`This ${what} is named by other records and cannot be deleted permanently`, [
      ...state.refusals,
    ])
  }
  return state.steps
}

/**
 * An update may not change the key other records name this one by (a department's `name` while employees carry it):
 * they would name nothing. 409 naming the referrers, as a permanent delete would be; ids never change.
 */
export async function checkKeyChange(bound: Bound, current: ResourceRecord, set: ResourceRecord): Promise<void> {
  const refusals: FieldProblem[] = []
  const keys = new Set<string>()
  for (const link of linksTo(bound)) {
    const key = link.reference.key ?? '_id'
    if (key === '_id' || !(key in set)) continue
    const filter = referrerFilter(bound, link, current)
    const refused = filter ? await refusal(link, filter) : null
    if (refused) {
      refusals.push(refused)
      keys.add(key)
    }
  }
  if (refusals.length > 0) {
    const what = bound.def.name.toLowerCase()
    throw new ReferencedError(`Other records name this ${what} by its ${[...keys].join(', ')}`, refusals)
  }
}
