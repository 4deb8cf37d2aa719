import type { ResourceWithOptions } from 'adminjs'
import type { AppContext } from '../app-context.js'
import { gatedActions } from './resource-options.js'
import { PolicyResource } from './policy-resource.js'
import { rolesStore } from './roles-store.js'
import { USER_FORM_FIELDS, usersStore } from './users-store.js'

// Users and roles are plain models (no declaration in src/models/index.ts yet), so their panel options are the
// API's schemas restated: the fields of UserCreate, and the roles matrix read-only.

const noQuery = { filter: (filters: Record<string, unknown>) => filters, sort: () => undefined }

export function usersResource(context: AppContext): ResourceWithOptions {
  const store = usersStore(context)
  return {
    resource: new PolicyResource(context.models.users, store, 'User', noQuery),
    options: {
      navigation: { name: 'People', icon: 'Users' },
      titleProperty: 'name',
      listProperties: ['name', 'email', 'user_role', 'isActive', 'createdAt'],
      showProperties: ['_id', 'name', 'email', 'user_role', 'isActive', 'notifyByEmail', 'createdAt', 'updatedAt'],
      editProperties: [...USER_FORM_FIELDS],
      filterProperties: ['name', 'email', 'isActive'],
      properties: {
        name: { isSortable: false },
        email: { isSortable: false },
        user_role: { isSortable: false },
        isActive: { isSortable: false },
        notifyByEmail: { isSortable: false, description: 'Also send each notification by email' },
        createdAt: { isSortable: false },
        password: { type: 'password' },
      },
      actions: gatedActions(store),
    },
  }
}

export function rolesResource(context: AppContext): ResourceWithOptions {
  const store = rolesStore(context)
  return {
    resource: new PolicyResource(context.models.roles, store, 'Role', noQuery),
    options: {
      navigation: { name: 'People', icon: 'Shield' },
      listProperties: ['name', 'description'],
      showProperties: ['name', 'description', 'grants', 'createdAt', 'updatedAt'],
      filterProperties: [],
      titleProperty: 'name',
      properties: { name: { isSortable: false }, description: { isSortable: false } },
      actions: gatedActions(store),
    },
  }
}
