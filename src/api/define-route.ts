import type { Request, Response, Router } from 'express'
import type { OpenApiRegistry, RouteDoc } from '../openapi/registry.js'
import { route } from './async-handler.js'
import type { RequestHandler } from 'express'

/** Registers a handler on a router and describes it in the OpenAPI registry in one statement, so they cannot drift. */
export function defineRoute(
  target: { router: Router; registry: OpenApiRegistry; base: string },
  doc: RouteDoc,
  handler: (req: Request, res: Response) => Promise<void>,
  ...before: RequestHandler[]
): void {
  target.registry.add({ ...doc, path: `${target.base}${doc.path === '/' ? '' : doc.path}` })
  target.router[doc.method](doc.path, ...before, route(handler))
}
