import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { crudRouter } from './crud-router.js'

/** /api/v1/<plural> for every declared resource. */
export function resourceRouters(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  for (const service of context.resources.all)
    router.use(`/${service.def.resource}`, crudRouter(context, registry, service))
  return router
}
