import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { intakeRoutes } from './intake-routes.js'
import { verbRoutes } from './verb-routes.js'

/** /api/v1/leads verbs; mounted before the generic resource router, which serves everything else there. */
export function leadsRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(intakeRoutes(context, registry))
  router.use(verbRoutes(context, registry))
  return router
}
