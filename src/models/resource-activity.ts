import type { Model, Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { can, MASK, maskedFields } from '../access/policy.js'
import { readActivityPage, type ActivityEntry, type ActivitySource } from '../audit/activity.js'
import { userNames } from '../audit/people-names.js'
import { NotFoundError } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from './define-resource.js'
import { userModel } from './user.js'
import { mayRead } from './resource-access.js'
import { findForAction, type Bound } from './resource-reads.js'

// The activity timeline of a record (GET /:id/activity, the panel's "Activity"): the same access as its history,
// plus its children's entries for the child resources the viewer may read.

/** A child resource of the record's: its declaration, its model and the field naming the parent. */
export interface ActivityChild {
  readonly child: { readonly def: ResourceDefinition; readonly model: Model<ResourceRecord> }
  readonly field: string
}

export interface ActivityOptions {
  /** 1-based; default 1. */
  readonly page?: number | undefined
  /** Entries per page, 1..MAX_HISTORY_PAGE; default DEFAULT_HISTORY_PAGE. */
  readonly limit?: number | undefined
}

/** A timeline line as served: the record it is about is named (label) and a user actor carries their name. */
export interface ActivityLine extends ActivityEntry {
  readonly label: string | null
}

export interface ActivityLines {
  readonly items: ActivityLine[]
  readonly total: number
  readonly page: number
  readonly limit: number
}

interface Found {
  readonly def: ResourceDefinition
  readonly records: readonly ResourceRecord[]
}

/** The fields that name a record to people (`label`, else the first search field). */
function labelFields(def: ResourceDefinition): readonly string[] {
  return def.label ?? def.search.slice(0, 1)
}

function labelOf(def: ResourceDefinition, record: ResourceRecord, masked: ReadonlySet<string>): string | null {
  const parts = labelFields(def)
    .map((field) => (masked.has(field) ? MASK : record[field]))
    .filter((value) => value !== undefined && value !== null && value !== '')
    .map((value) => (value instanceof Date ? value.toISOString() : String(value)))
  return parts.length > 0 ? parts.join(' ') : null
}

/** The children of the record in the child resources the viewer may read, trashed ones included. */
async function childrenFound(actor: Actor, parentId: Types.ObjectId, children: readonly ActivityChild[]) {
  const readable = children.filter(({ child }) => mayRead(child.def, actor))
  return Promise.all(
    readable.map(async ({ child, field }): Promise<Found> => {
      const projection = Object.fromEntries(labelFields(child.def).map((name) => [name, 1 as const]))
      const records = await child.model
        .find({ [field]: parentId }, projection)
        .setOptions({ withTrashed: true })
        .lean<ResourceRecord[]>()
      return { def: child.def, records }
    }),
  )
}

/** 404 unless the actor may read the record's history and the record itself (as GET /:id/history). */
async function recordForActivity(bound: Bound, actor: Actor, id: string): Promise<ResourceRecord> {
  const record = await findForAction(bound, actor, id, 'history', 'any')
  if (!can(actor, 'read', bound.def.resource, record)) throw new NotFoundError(`${bound.def.name} not found`)
  return record
}

export async function activity(
  bound: Bound,
  actor: Actor,
  id: string,
  children: readonly ActivityChild[],
  options: ActivityOptions = {},
): Promise<ActivityLines> {
  const record = await recordForActivity(bound, actor, id)
  const found: Found[] = [
    { def: bound.def, records: [record] },
    ...(await childrenFound(actor, record._id as Types.ObjectId, children)),
  ]
  const masks = new Map(found.map(({ def }) => [def.resource, new Set(maskedFields(actor, def.resource))]))
  const sources: ActivitySource[] = found.map(({ def, records }) => ({
    resource: def.resource,
    ids: records.map((each) => each._id as Types.ObjectId),
    masked: masks.get(def.resource) ?? new Set(),
  }))
  const page = await readActivityPage(bound.audit, sources, options)
  const labels = new Map(
    found.flatMap(({ def, records }) =>
      records.map((each) => [String(each._id), labelOf(def, each, masks.get(def.resource) ?? new Set())] as const),
    ),
  )
  const names = await userNames(
    userModel(bound.connection),
    page.items.map((entry) => (entry.actor.kind === 'user' ? entry.actor.id : undefined)),
  )
  const items = page.items.map((entry) => {
    const name = entry.actor.kind === 'user' && entry.actor.id ? names.get(entry.actor.id) : undefined
    return {
      ...entry,
      label: labels.get(entry.documentId) ?? null,
      actor: name === undefined ? entry.actor : { ...entry.actor, name },
    }
  })
  return { ...page, items }
}
