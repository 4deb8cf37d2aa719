import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { addMember, removeMember } from '../../models/projects/project-members.js'
import { recordId } from '../../models/fields/record-id.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'

// A project's member verbs: `POST /:id/members {userId}` and `DELETE /:id/members/:userId`, plus seed 2's
// `POST /membersadd/:id` and `POST /membersdelete/:id` (body `{userId}`) kept for its frontends. Mounted before the
// generic /api/v1/projects router so `membersadd` is not read as an id.

const MemberBody = z.strictObject({ userId: recordId('user') })
const MemberParams = z.object({ id: z.string(), userId: z.string() })

export function projectMembersRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/projects' }
  const on = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute(target, { ...doc, tag: 'projects', auth: true }, handler)
  }
  const projects = context.resources.projects
  const errors = [400, 403, 404, 409, 412]
  const add = async (req: Request, res: Response) => {
    const { id } = IdParams.parse(req.params)
    const { userId } = MemberBody.parse(req.body ?? {})
    sendData(res, await addMember(projects, principalOf(req).actor, id, userId))
  }
  const remove = async (req: Request, res: Response, userId: string) => {
    const { id } = IdParams.parse(req.params)
    sendData(res, await removeMember(projects, principalOf(req).actor, id, userId))
  }

  const addDoc = { method: 'post' as const, params: IdParams, body: MemberBody, errors }
  on({ ...addDoc, path: '/:id/members', summary: 'Add a member (audited)' }, add)
  on({ ...addDoc, path: '/membersadd/:id', summary: "Add a member (seed 2's path)" }, add)
  on(
    {
      method: 'delete',
      path: '/:id/members/:userId',
      summary: 'Remove a member (audited)',
      params: MemberParams,
      errors,
    },
    (req, res) => remove(req, res, MemberParams.parse(req.params).userId),
  )
  on(
    {
      method: 'post',
      path: '/membersdelete/:id',
      summary: "Remove a member (seed 2's path)",
      params: IdParams,
      body: MemberBody,
      errors,
    },
    (req, res) => remove(req, res, MemberBody.parse(req.body ?? {}).userId),
  )
  return router
}
