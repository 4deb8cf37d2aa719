import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import type { ResourceService } from '../../models/bind-resource.js'
import { childLinks } from '../../models/resource-children.js'
import { crudRouter } from './crud-router.js'

/**
 * /api/v1/<plural> for every declared resource, with its activity timeline and its children under it
 * (/api/v1/<parent>/:id/<child path>). `services` defaults to the catalogue's; tests mount resources of their own.
 */
export function resourceRouters(
  context: AppContext,
  registry: OpenApiRegistry,
  services: readonly ResourceService[] = context.resources.all,
): Router {
  const router = express.Router()
  const links = childLinks(services)
  for (const service of services) {
    const crud = crudRouter(context, registry, service, links)
    for (const path of [service.def.resource, ...(service.def.aliases ?? [])]) router.use(`/${path}`, crud)
  }
  return router
}
