import type { Actor } from '../access/actor.js'
import { OWNER_FIELD, type Action } from '../access/matrix.js'
import { can } from '../access/policy.js'
import type { ResourceService } from '../models/bind-resource.js'
import { mayRead } from '../models/resource-access.js'
import { NotFoundError } from '../errors.js'
import { LIVE_ACTIONS, type AdminListQuery, type AdminRecord, type AdminStore } from './admin-store.js'
import { formInput } from './form-input.js'
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

/** A declared resource's live records (lists, forms) or its trash view, both through the resource service. */
export function resourceStore(service: ResourceService, view: 'live' | 'trash'): AdminStore {
  const { def } = service
  const trashed = view === 'trash' ? ({ trashed: 'only' } as const) : {}
  const liveActions = { ...LIVE_ACTIONS, ...adminVerbsOf(service) }
  const shape = def.input.shape as Record<string, never>
  return {
    resource: def.resource,
    policyActionOf: (adminAction) => (view === 'trash' ? TRASH_ACTIONS : liveActions)[adminAction],
    // Which records may be read is the scope filter's job (lists, get); here only whether the action is open at all.
    may: (actor: Actor, action: Action, record?: AdminRecord) =>
      action === 'read' ? mayRead(def, actor) : can(actor, action, def.resource, record),
    list: (actor: Actor, query: AdminListQuery) => service.list(actor, { ...query, ...trashed }),
    get: (actor, id, options) => service.get(actor, id, { ...options, trashed: view === 'trash' }),
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
