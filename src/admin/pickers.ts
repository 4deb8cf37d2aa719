import type AdminJS from 'adminjs'
import type { RequestHandler } from 'express'
import type { AppContext } from '../app-context.js'

// A booking's services and a user's role are chosen from what exists (the services catalogue, the roles
// collection), not typed. AdminJS reads a property's `availableValues` from its options object on every render, so
// each picker keeps one array that the panel's options hold by reference and refills before a page or API call of
// its resource is served: a service added a moment ago is already in the list.

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

export interface Pickers {
  /** Active services by label: what a booking stores in `services` (the frontends send the label too). */
  readonly services: Picker
  /** Role names for `user_role`. */
  readonly roles: Picker
}

export function adminPickers(context: AppContext): Pickers {
  return {
    services: picker(async () => {
      const found = await context.resources.services.model
        .find({ status: true }, { label: 1 })
        .sort({ label: 1 })
        .lean()
      return found.map((service) => String(service.label))
    }),
    roles: picker(async () => {
      const found = await context.models.roles.find({}, { name: 1 }).sort({ name: 1 }).lean()
      return found.map((role) => role.name)
    }),
  }
}

/** Which picker a panel URL needs: the booking pages and API use services, the user pages roles. */
function pickerFor(pickers: Pickers, path: string): Picker | undefined {
  if (/^\/(api\/)?resources\/Booking(\/|$)/.test(path)) return pickers.services
  if (/^\/(api\/)?resources\/User(\/|$)/.test(path)) return pickers.roles
  return undefined
}

/** Refills the picker of the requested resource before AdminJS renders it. */
export function refreshPickers(pickers: Pickers): RequestHandler {
  return (req, _res, next) => {
    const wanted = pickerFor(pickers, req.path)
    if (!wanted) {
      next()
      return
    }
    wanted.refresh().then(() => {
      next()
    }, next)
  }
}

/** Panel resource id -> field -> the picker it chooses from. */
const PICKED_FIELDS: Readonly<Record<string, Readonly<Record<string, keyof Pickers>>>> = {
  Booking: { services: 'services' },
  User: { user_role: 'roles' },
}

/**
 * Gives each picked field of the panel's resources its picker's live array as `availableValues`. AdminJS deep-copies
 * resource options when it builds its decorators, so this runs on the built decorators, once AdminJS exists.
 */
export function attachPickers(admin: AdminJS, pickers: Pickers): void {
  for (const resource of admin.resources) {
    const fields = PICKED_FIELDS[resource.id()]
    if (!fields) continue
    const decorator = resource.decorate()
    for (const [field, name] of Object.entries(fields)) {
      const property = decorator.getPropertyByKey(field)
      if (!property) throw new Error(`The admin resource ${resource.id()} has no property ${field} to pick`)
      property.options.availableValues = pickers[name].values
    }
  }
}
