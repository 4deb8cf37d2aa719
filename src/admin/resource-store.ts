import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { OWNER_FIELD, type Action } from '../access/matrix.js'
import { can } from '../access/policy.js'
import type { ResourceService } from '../models/bind-resource.js'
import { mayRead } from '../models/resource-access.js'
import { NotFoundError } from '../errors.js'
import { LIVE_ACTIONS, type AdminListQuery, type AdminRecord, type AdminStore } from './admin-store.js'
import { formInput } from './form-input.js'
import { nameOf, userNames } from '../audit/people-names.js'
import type { UserModel } from '../models/user.js'
import { mayTake, mayTakeAny } from '../models/workflow-access.js'
import { transitionNames } from './transition-actions.js'
import { adminVerbsOf } from './workflow-actions.js'

/** The trash view's actions: seeing trashed records needs `restore`, as it does through REST. */
const TRASH_ACTIONS: Readonly<Record<string, Action>> = {
  list: 'restore',
  search: 'restore',
  show: 'restore',
  restore: 'restore',
  delete: 'destroy',
  bulkDelete: 'destroy',
}

/** Fields a panel form may set: the create input's fields, except the owner (the model layer sets it). */
export function editableFields(service: ResourceService): string[] {
  const owner = OWNER_FIELD[service.def.resource]
  return Object.keys(service.def.input.shape).filter((field) => field !== owner)
}

/** Trash views say who trashed a record by name; the record stores the user's id, which never changes. */
async function withDeleterNames(users: UserModel | undefined, records: readonly AdminRecord[]): Promise<AdminRecord[]> {
  if (!users) return [...records]
  const names = await userNames(
    users,
    records.map((record) => record.deletedBy),
  )
  return records.map((record) => ({ ...record, deletedBy: nameOf(record.deletedBy, names) }))
}

/**
 * A declared resource's live records (lists, forms) or its trash view, both through the resource service. `users`
 * turns `deletedBy` into names in the trash view (display only: no access rule reads `deletedBy`).
 */
export function resourceStore(service: ResourceService, view: 'live' | 'trash', users?: UserModel): AdminStore {
  const { def } = service
  const trashed = view === 'trash' ? ({ trashed: 'only' } as const) : {}
  const liveActions = { ...LIVE_ACTIONS, ...adminVerbsOf(service) }
  const shape = def.input.shape as Record<string, never>
  // A workflow transition changes the record: it needs `update` (the workflow adds its own role and state checks).
  const transitions = view === 'live' ? transitionNames(service) : new Set<string>()
  return {
    resource: def.resource,
    policyActionOf: (adminAction) =>
      (view === 'trash' ? TRASH_ACTIONS : liveActions)[adminAction] ??
      (transitions.has(adminAction) ? 'update' : undefined),
    // Which records may be read is the scope filter's job (lists, get); here only whether the action is open at all.
    may: (actor: Actor, action: Action, record?: AdminRecord) =>
      action === 'read' ? mayRead(def, actor) : can(actor, action, def.resource, record),
    // A transition is the workflow's to allow (role and update scope, or the reporting manager; never the owner
    // where it says so), exactly as the service will decide it.
    decides: (actor: Actor, adminAction: string, record?: AdminRecord) => {
      const chosen = transitions.has(adminAction) && liveActions[adminAction] === undefined
        ? def.workflow?.transitions.find((each) => each.name === adminAction)
        : undefined
      if (chosen === undefined) return undefined
      return record === undefined ? mayTakeAny(def, actor) : mayTake(def, chosen, actor, record)
    },
    list: async (actor: Actor, query: AdminListQuery) => {
      const page = await service.list(actor, { ...query, ...trashed })
      return view === 'trash' ? { ...page, items: await withDeleterNames(users, page.items) } : page
    },
    get: async (actor, id, options) => {
      const record = await service.get(actor, id, { ...options, trashed: view === 'trash' })
      if (view !== 'trash' || options?.record === false) return record
      const [named] = await withDeleterNames(users, [record])
      return named ?? record
    },
    many: async (actor, ids) => {
      const wanted = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id))
      if (wanted.length === 0 || !mayRead(def, actor)) return []
      const filter = { _id: { $in: wanted } }
      const query = { page: 1, limit: wanted.length, filter, withoutDefaults: true, ...trashed }
      return (await service.list(actor, query)).items
    },
    create: async (actor, params) => {
      if (view === 'trash') throw new NotFoundError('The trash has no new records')
      return service.create(actor, formInput(shape, editableFields(service), params))
    },
    update: async (actor, id, params) => {
      if (view === 'trash') throw new NotFoundError('Restore the record before editing it')
      return service.update(actor, id, formInput(shape, editableFields(service), params), { requireChange: false })
    },
    remove: async (actor, id) => {
      if (view === 'trash') await service.destroy(actor, id)
      else await service.trash(actor, id)
    },
  }
}
