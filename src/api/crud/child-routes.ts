import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { principalOf } from '../../auth/authenticate.js'
import type { UntrustedInput } from '../../models/bind-resource.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { etagOf, revisionOf } from '../../models/plugins/revision.js'
import { createUnder, listUnder, type ChildLink } from '../../models/resource-children.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { IdParams } from '../params.js'
import { createWithIdempotency } from './idempotent-create.js'
import { listQuerySchema, parseListQuery } from './list-query.js'
import { sendPage } from './list-response.js'

// A child resource under each of its parents: GET and POST /api/v1/<parent>/:id/<path>, on the parent's router.

/** Segments the parent's own routes use after `/:id/`: a child path may not shadow them. */
const RESERVED = new Set(['restore', 'permanent', 'history', 'activity', 'transition', 'documents', 'pdf'])

/** The parent's router and where it is documented. */
export interface ParentTarget {
  readonly router: Router
  readonly registry: OpenApiRegistry
  /** `/api/v1/<parent>`. */
  readonly base: string
}

function bodyOf(req: Request): UntrustedInput {
  const body: unknown = req.body
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as UntrustedInput) : {}
}

/** A declaration error stops start-up: a child path that shadows a parent route or another child's path. */
function checkPaths(links: readonly ChildLink[]): void {
  const taken = new Set<string>()
  for (const link of links) {
    const transitions = (link.parent.def.workflow?.transitions ?? []).map((transition) => transition.name)
    if (RESERVED.has(link.path) || transitions.includes(link.path) || taken.has(link.path)) {
      throw new Error(
        `${link.child.def.resource}: path ${link.path} clashes with a route of ${link.parent.def.resource}`,
      )
    }
    taken.add(link.path)
  }
}

/** The child's create input with the parent field optional (the URL sets it). */
function bodySchema(link: ChildLink): z.ZodType {
  const input = link.child.def.input
  const field = (input.shape as Record<string, z.ZodType | undefined>)[link.field]
  return field === undefined ? input : input.extend({ [link.field]: z.optional(field) })
}

/** The child routes of one parent, documented under the child's tag. */
export function childRoutes(context: AppContext, target: ParentTarget, links: readonly ChildLink[]): void {
  checkPaths(links)
  for (const link of links) {
    const { child, parent } = link
    const tag = child.def.resource
    const parentName = parent.def.name.toLowerCase()
    const path = `/:id/${link.path}`
    const Params = IdParams.extend({ id: IdParams.shape.id.meta({ description: `The ${parentName}'s id` }) })

    defineRoute(
      target,
      {
        method: 'get',
        path,
        tag,
        auth: true,
        summary: `List the ${parentName}'s ${child.def.resource} (the ${child.def.resource} list's filters and sort)`,
        description:
          `404 when the ${parentName} is unknown, trashed or not readable, as GET ${target.base}/{id}. ` +
          `Whoever may read the ${parentName} sees all its ${child.def.resource}, given any read grant on them.`,
        params: Params,
        query: () => listQuerySchema(child.def, true),
        errors: [400, 403, 404],
      },
      async (req: Request, res: Response) => {
        const { id } = Params.parse(req.params)
        const query = parseListQuery(child.def, req.query)
        const result = await listUnder(link, principalOf(req).actor, id, query)
        const { total } = result
        sendPage(res, result, { page: query.page, limit: query.limit, total, pages: Math.ceil(total / query.limit) })
      },
    )

    defineRoute(
      target,
      {
        method: 'post',
        path,
        tag,
        auth: true,
        summary: `Create a ${child.def.name.toLowerCase()} of the ${parentName} (\`${link.field}\` from the URL)`,
        description: `A body naming another ${parentName} in \`${link.field}\` is refused (400). Idempotency-Key honoured.`,
        params: Params,
        body: bodySchema(link),
        status: 201,
        errors: [400, 403, 404, 409],
      },
      async (req: Request, res: Response) => {
        const { id } = Params.parse(req.params)
        const actor = principalOf(req).actor
        const { status, body } = await createWithIdempotency(context, child, actor, req, {
          scope: `${parent.def.resource}/${id}/${link.path}`,
          create: () => createUnder(link, actor, id, bodyOf(req)),
        })
        const data = (body as { data?: ResourceRecord }).data
        if (data) res.set('ETag', etagOf(revisionOf(data)))
        res.status(status).json(body)
      },
    )
  }
}
