import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import { createUser, deactivateUser, getUser, listUsers, updateUser } from '../api/users/operations.js'
import { UserCreate, UserUpdate } from '../api/users/schemas.js'
import type { AppContext } from '../app-context.js'
import type { Action } from '../access/matrix.js'
import { LIVE_ACTIONS, type AdminListQuery, type AdminStore } from './admin-store.js'
import { formInput } from './form-input.js'

/** Fields the panel's user form sets; the password only when typed (blank keeps the current one). */
export const USER_FORM_FIELDS = ['name', 'email', 'user_role', 'isActive', 'notifyByEmail', 'password'] as const

/** Users have no history or export yet; "delete" is deactivation, which the policy calls `trash`. */
const USER_ACTIONS: Readonly<Record<string, Action>> = Object.fromEntries(
  Object.entries(LIVE_ACTIONS).filter(([name]) => ['list', 'search', 'show', 'new', 'edit', 'delete'].includes(name)),
)

/** The panel's search boxes for users map onto the API's own list query (name/email text, active flag). */
function userListQuery(query: AdminListQuery): {
  page: number
  limit: number
  q?: string
  isActive?: 'true' | 'false'
} {
  const text = [query.filter.name, query.filter.email].find((value) => typeof value === 'string' && value !== '')
  const active = query.filter.isActive
  return {
    page: query.page,
    limit: query.limit,
    ...(typeof text === 'string' ? { q: text } : {}),
    ...(active === true || active === false ? { isActive: active ? ('true' as const) : ('false' as const) } : {}),
  }
}

/** Users through src/api/users/operations.ts, the same code as /api/v1/users: deleting one deactivates it. */
export function usersStore(context: AppContext): AdminStore {
  const shape = { ...UserCreate.shape }
  return {
    resource: 'users',
    policyActionOf: (adminAction) => USER_ACTIONS[adminAction],
    may: (actor: Actor, action, record) => can(actor, action, 'users', record),
    list: (actor, query) => listUsers(context, actor, userListQuery(query)),
    get: (actor, id) => getUser(context, actor, id),
    create: (actor, params) => createUser(context, actor, UserCreate.parse(formInput(shape, USER_FORM_FIELDS, params))),
    update: (actor, id, params) =>
      updateUser(context, actor, id, UserUpdate.parse(formInput(shape, USER_FORM_FIELDS, params))),
    remove: async (actor, id) => {
      await deactivateUser(context, actor, id)
    },
  }
}
