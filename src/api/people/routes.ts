import express, { type Request, type Response, type Router } from 'express'
import type { Actor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { currentSalaryRoute } from './current-salary.js'
import { jobApplicationCvRoutes } from './job-application-cv.js'
import { leaveBalanceRoute } from './leave-balance.js'
import { messageReadRoute } from './message-read.js'

// The people resources' verbs that are not CRUD, one file each. Mounted on /api/v1 before the generic routers, so
// `balance` and `current` are not read as ids.

export interface PeopleRoutes {
  readonly on: (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => void
  readonly context: AppContext
  readonly actor: (req: Request) => Actor
}

export function peopleRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  const target = { router, registry, base: '/api/v1' }
  const routes: PeopleRoutes = {
    on: (doc, handler) => {
      defineRoute(
        target,
        { ...doc, tag: doc.path.split('/')[1] ?? 'people', auth: true },
        handler,
        authenticate(context),
      )
    },
    context,
    actor: (req) => principalOf(req).actor,
  }
  leaveBalanceRoute(routes)
  messageReadRoute(routes)
  currentSalaryRoute(routes)
  jobApplicationCvRoutes(routes)
  return router
}
