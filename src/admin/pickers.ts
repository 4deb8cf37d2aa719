import type AdminJS from 'adminjs'
import type { RequestHandler } from 'express'
import type { AppContext } from '../app-context.js'
import type { ResourceService } from '../models/bind-resource.js'
import { findBound } from '../models/resource-registry.js'

// A booking's services, a user's role and an employee's department are chosen from what exists (the services
// catalogue, the roles collection, the referenced list), not typed. AdminJS reads a property's `availableValues`
// from its options object on every render, so each picker keeps one array that the panel's options hold by
// reference and refills before a page or API call of its resource is served: a value added a moment ago is already
// in the list. References by id use AdminJS's own reference select instead (resource-options.ts).

export interface PickerValue {
  value: string
  label: string
}

export interface Picker {
  /** The array AdminJS holds (never replaced, only refilled). */
  readonly values: PickerValue[]
  refresh(): Promise<void>
}

function picker(load: () => Promise<string[]>): Picker {
  const values: PickerValue[] = []
  return {
    values,
    refresh: async () => {
      const names = await load()
      values.splice(0, values.length, ...names.map((name) => ({ value: name, label: name })))
    },
  }
}

/** Panel resource id -> field -> the picker it chooses from. */
export type Pickers = ReadonlyMap<string, ReadonlyMap<string, Picker>>

/**
 * Pickers of references by key (an employee's department by `name`): the referenced resource's live key values. One
 * array serves every panel user, so only resources every signed-in user may read get one (departments, branches);
 * a key reference to anything else stays a text field, still checked on write.
 */
function keyReferencePickers(service: ResourceService): Map<string, Picker> {
  const pickers = new Map<string, Picker>()
  for (const [field, reference] of Object.entries(service.def.references ?? {})) {
    const key = reference.key ?? '_id'
    const target = findBound(service.model.db, reference.resource)
    if (key === '_id' || target?.def.readableByAnyUser !== true) continue
    pickers.set(
      field,
      picker(async () => {
        const found = await target.model
          .find({}, { [key]: 1 })
          .sort({ [key]: 1 })
          .lean()
        return found.map((record) => String(record[key]))
      }),
    )
  }
  return pickers
}

export function adminPickers(context: AppContext): Pickers {
  const services = picker(async () => {
    const found = await context.resources.services.model.find({ status: true }, { label: 1 }).sort({ label: 1 }).lean()
    return found.map((service) => String(service.label))
  })
  const roles = picker(async () => {
    const found = await context.models.roles.find({}, { name: 1 }).sort({ name: 1 }).lean()
    return found.map((role) => role.name)
  })
  const pickers = new Map<string, Map<string, Picker>>([
    // What a booking stores in `services` is the label (the frontends send the label too).
    ['Booking', new Map([['services', services]])],
    ['User', new Map([['user_role', roles]])],
  ])
  for (const service of context.resources.all) {
    const references = keyReferencePickers(service)
    if (references.size === 0) continue
    pickers.set(service.def.name, new Map([...(pickers.get(service.def.name) ?? []), ...references]))
  }
  return pickers
}

/** The panel resource a URL serves (`/resources/Booking/...`, `/api/resources/Booking/...`). */
function resourceIdOf(path: string): string | undefined {
  return /^\/(?:api\/)?resources\/([^/]+)(?:\/|$)/.exec(path)?.[1]
}

/** Refills the pickers of the requested resource before AdminJS renders it. */
export function refreshPickers(pickers: Pickers): RequestHandler {
  return (req, _res, next) => {
    const id = resourceIdOf(req.path)
    const wanted = id === undefined ? undefined : pickers.get(id)
    if (!wanted) {
      next()
      return
    }
    Promise.all([...wanted.values()].map((each) => each.refresh())).then(() => {
      next()
    }, next)
  }
}

/**
 * Gives each picked field of the panel's resources its picker's live array as `availableValues`. AdminJS deep-copies
 * resource options when it builds its decorators, so this runs on the built decorators, once AdminJS exists.
 */
export function attachPickers(admin: AdminJS, pickers: Pickers): void {
  for (const resource of admin.resources) {
    const fields = pickers.get(resource.id())
    if (!fields) continue
    const decorator = resource.decorate()
    for (const [field, chosen] of fields) {
      const property = decorator.getPropertyByKey(field)
      if (!property) throw new Error(`The admin resource ${resource.id()} has no property ${field} to pick`)
      property.options.availableValues = chosen.values
    }
  }
}
