import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'
import { createRole, deleteRole, getRole, listRoles, updateRole } from '../roles/operations.js'
import { RoleCreate, RoleOut, RoleUpdate } from '../roles/schemas.js'

/** /api/v1/roles: the access matrix as data; srdev manages it. */
export function rolesRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/roles' }
  registry.component('Role', RoleOut, 'output')
  registry.component('RoleCreate', RoleCreate, 'input')
  registry.component('RoleUpdate', RoleUpdate, 'input')
  const actor = (req: express.Request) => principalOf(req).actor

  defineRoute(
    target,
    {
      method: 'get',
      path: '/',
      tag: 'roles',
      auth: true,
      summary: 'List roles and their permissions',
      response: z.array(RoleOut),
      errors: [403],
    },
    async (req, res) => {
      const roles = await listRoles(context, actor(req))
      sendData(res, roles, { meta: { total: roles.length } })
    },
  )

  defineRoute(
    target,
    {
      method: 'get',
      path: '/:id',
      tag: 'roles',
      auth: true,
      summary: 'One role',
      params: IdParams,
      response: RoleOut,
      errors: [403, 404],
    },
    async (req, res) => {
      sendData(res, await getRole(context, actor(req), IdParams.parse(req.params).id))
    },
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/',
      tag: 'roles',
      auth: true,
      summary: 'Create a role',
      body: RoleCreate,
      response: RoleOut,
      status: 201,
      errors: [400, 403, 409],
    },
    async (req, res) => {
      sendData(res, await createRole(context, actor(req), RoleCreate.parse(req.body)), { status: 201 })
    },
  )

  defineRoute(
    target,
    {
      method: 'patch',
      path: '/:id',
      tag: 'roles',
      auth: true,
      summary: "Change a role's description or permissions (not srdev's)",
      params: IdParams,
      body: RoleUpdate,
      response: RoleOut,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      sendData(res, await updateRole(context, actor(req), id, RoleUpdate.parse(req.body)))
    },
  )

  defineRoute(
    target,
    {
      method: 'delete',
      path: '/:id',
      tag: 'roles',
      auth: true,
      summary: 'Delete a role nobody holds (not srdev)',
      params: IdParams,
      response: RoleOut,
      errors: [403, 404, 409],
    },
    async (req, res) => {
      sendData(res, await deleteRole(context, actor(req), IdParams.parse(req.params).id))
    },
  )

  return router
}
