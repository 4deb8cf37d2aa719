import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { readPermissions, readRolePermissions, updatePermissions } from '../permissions/operations.js'
import { PermissionsOut, PermissionsUpdate, RoleNameParams, RolePermissionsOut } from '../permissions/schemas.js'

/** What a flag means in our matrix, for clients (see src/access/permissions-view.ts). */
const FLAG_MEANING = {
  view: 'read (off also removes export and history)',
  create: 'create',
  update: 'update',
  delete: 'trash + restore (off also removes destroy)',
}

/** /api/v1/permissions: seed 2's role -> module -> entity -> flags JSON, a view of the roles collection. */
export function permissionsRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/permissions' }
  const actor = (req: express.Request) => principalOf(req).actor
  const meta = { flags: FLAG_MEANING }

  defineRoute(
    target,
    {
      method: 'get',
      path: '/',
      tag: 'roles',
      auth: true,
      summary: "Every role's permissions as seed 2's JSON (role -> module -> entity -> create/view/update/delete)",
      response: PermissionsOut,
      errors: [403],
    },
    async (req, res) => {
      sendData(res, await readPermissions(context, actor(req)), { meta, message: 'Permissions fetched' })
    },
  )

  defineRoute(
    target,
    {
      method: 'get',
      path: '/:role',
      tag: 'roles',
      auth: true,
      summary: "One role's permissions (module -> entity -> flags)",
      params: RoleNameParams,
      response: RolePermissionsOut,
      errors: [403, 404],
    },
    async (req, res) => {
      const { role } = RoleNameParams.parse(req.params)
      sendData(res, await readRolePermissions(context, actor(req), role), { meta, message: 'Permissions fetched' })
    },
  )

  defineRoute(
    target,
    {
      method: 'put',
      path: '/',
      tag: 'roles',
      auth: true,
      summary: 'Set flags (what is left out stays); translated into grants of the roles collection, audited',
      body: PermissionsUpdate,
      response: PermissionsOut,
      errors: [400, 403, 412],
    },
    async (req, res) => {
      const { permissions, changed } = await updatePermissions(context, actor(req), PermissionsUpdate.parse(req.body))
      sendData(res, permissions, { meta: { ...meta, changedRoles: changed }, message: 'Permissions updated' })
    },
  )

  return router
}
