import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import { getRole, listRoles } from '../api/roles/operations.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError } from '../errors.js'
import type { AdminRecord, AdminStore } from './admin-store.js'

/** Read-only actions: the grants matrix is nested data, edited through /api/v1/roles (srdev), not a flat form. */
const ROLE_ACTIONS: Readonly<Record<string, 'read'>> = { list: 'read', search: 'read', show: 'read' }

/** Roles through src/api/roles/operations.ts; the panel shows the matrix so people can see who may do what. */
export function rolesStore(context: AppContext): AdminStore {
  const refuse = (): Promise<never> => Promise.reject(new ForbiddenError('Roles are changed through the API'))
  return {
    resource: 'roles',
    policyActionOf: (adminAction) => ROLE_ACTIONS[adminAction],
    may: (actor: Actor, action, record) => can(actor, action, 'roles', record),
    list: async (actor, query) => {
      const all = (await listRoles(context, actor)) as AdminRecord[]
      const start = (query.page - 1) * query.limit
      return { items: all.slice(start, start + query.limit), total: all.length }
    },
    get: async (actor, id) => (await getRole(context, actor, id)) as AdminRecord,
    create: refuse,
    update: refuse,
    remove: refuse,
  }
}
