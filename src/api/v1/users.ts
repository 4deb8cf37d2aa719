import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'
import { createUser, deactivateUser, getUser, listUsers, updateUser } from '../users/operations.js'
import { UserCreate, UserListQuery, UserOut, UserUpdate } from '../users/schemas.js'

/** /api/v1/users: user management (the roles matrix decides who; dev and srdev by default). */
export function usersRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/users' }
  registry.component('User', UserOut, 'output')
  registry.component('UserCreate', UserCreate, 'input')
  registry.component('UserUpdate', UserUpdate, 'input')
  const actor = (req: express.Request) => principalOf(req).actor

  defineRoute(
    target,
    {
      method: 'get',
      path: '/',
      tag: 'users',
      auth: true,
      summary: 'List users',
      query: UserListQuery,
      response: z.array(UserOut),
      errors: [400, 403],
    },
    async (req, res) => {
      const query = UserListQuery.parse(req.query)
      const { items, total } = await listUsers(context, actor(req), query)
      sendData(res, items, { meta: { page: query.page, limit: query.limit, total } })
    },
  )

  defineRoute(
    target,
    {
      method: 'get',
      path: '/:id',
      tag: 'users',
      auth: true,
      summary: 'One user',
      params: IdParams,
      response: UserOut,
      errors: [403, 404],
    },
    async (req, res) => {
      sendData(res, await getUser(context, actor(req), IdParams.parse(req.params).id))
    },
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/',
      tag: 'users',
      auth: true,
      summary: 'Create a user',
      body: UserCreate,
      response: UserOut,
      status: 201,
      errors: [400, 403, 409],
    },
    async (req, res) => {
      sendData(res, await createUser(context, actor(req), UserCreate.parse(req.body)), { status: 201 })
    },
  )

  defineRoute(
    target,
    {
      method: 'patch',
      path: '/:id',
      tag: 'users',
      auth: true,
      summary: 'Change a user (a new password or deactivation revokes their tokens)',
      params: IdParams,
      body: UserUpdate,
      response: UserOut,
      errors: [400, 403, 404, 409],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      sendData(res, await updateUser(context, actor(req), id, UserUpdate.parse(req.body)))
    },
  )

  defineRoute(
    target,
    {
      method: 'delete',
      path: '/:id',
      tag: 'users',
      auth: true,
      summary: 'Deactivate a user (never deleted); their tokens stop working',
      params: IdParams,
      response: UserOut,
      errors: [403, 404, 409],
    },
    async (req, res) => {
      sendData(res, await deactivateUser(context, actor(req), IdParams.parse(req.params).id))
    },
  )

  return router
}
