import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { crudRouter } from './crud-router.js'

/** /api/v1/<plural> for every declared resource. */
export function resourceRouters(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  for (const service of context.resources.all) {
    const crud = crudRouter(context, registry, service)
    for (const path of [service.def.resource, ...(service.def.aliases ?? [])]) router.use(`/${path}`, crud)
  }
  return router
}
