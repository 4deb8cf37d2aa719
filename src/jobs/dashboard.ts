import type { Agenda } from 'agenda'
import { createExpressMiddleware, cspHeader } from 'agendash'
import express, { type Request, type RequestHandler, type Response, type Router } from 'express'
import type { Actor, UserActor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { currentActor } from '../request-context.js'
import { dashboardPage, FRAME_CSS, READ_ONLY_CSS } from './dashboard-page.js'
import { writeRoutes } from './dashboard-writes.js'

/** Where the dashboard lives under the panel's root. */
export const JOBS_DASHBOARD_PATH = '/jobs'

function refuse(req: Request, res: Response, status: number, message: string): void {
  if (req.path.startsWith('/api/')) res.status(status).json({ error: message })
  else
    res.status(status).type('html').send(`<!doctype html><title>${status}</title><h1>${status}</h1><p>${message}</p>`)
}

/**
 * Who may do what, from the roles matrix: `read` on `job-runs` opens the dashboard, `run` allows its write routes
 * (every non-GET). Signed-out visitors go to the panel's login; API calls get a 401 instead of a redirect.
 */
function guard(adminRoot: string): RequestHandler {
  return (req, res, next) => {
    const actor = currentActor()
    if (!actor) {
      if (req.path.startsWith('/api/')) refuse(req, res, 401, 'Sign in to the admin panel')
      else res.redirect(`${adminRoot}/login`)
      return
    }
    if (!can(actor, 'read', 'job-runs')) {
      refuse(req, res, 403, 'You are not allowed to see the jobs')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !can(actor, 'run', 'job-runs')) {
      refuse(req, res, 403, 'You may look at the jobs but not operate them')
      return
    }
    next()
  }
}

function pageRoute(context: AppContext): RequestHandler {
  return (req, res, next) => {
    const actor = currentActor() as UserActor
    context.principals.load(actor.id).then((principal) => {
      res.set('Content-Security-Policy', cspHeader).set('Cache-Control', 'no-store').type('html')
      res.send(
        dashboardPage({
          name: principal?.name ?? actor.id,
          role: actor.role,
          readOnly: !can(actor, 'run', 'job-runs'),
        }),
      )
    }, next)
  }
}

/**
 * Agendash at /admin/jobs, behind the admin session (mounted inside the panel's router, after the session and actor
 * middleware). Its read routes and assets are Agendash's own; its write routes are ours (dashboard-writes.ts), audited.
 * The Agenda instance is made on the first request, so apps whose dashboard nobody opens connect nothing.
 */
export function jobsDashboard(context: AppContext, adminRoot: string): Router {
  const router = express.Router()
  const agenda = (): Agenda => context.jobs.agenda()
  let agendash: Router | undefined
  router.use(guard(adminRoot))
  router.get(['/', '/index.html'], (req, res, next) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/') === false && req.path === '/') {
      res.redirect(`${adminRoot}${JOBS_DASHBOARD_PATH}/`)
      return
    }
    pageRoute(context)(req, res, next)
  })
  router.get('/crm-frame.css', (_req, res) => res.type('css').send(FRAME_CSS))
  router.get('/crm-read-only.css', (_req, res) => res.type('css').send(READ_ONLY_CSS))
  router.use(writeRoutes(context, agenda, (): Actor => currentActor() as Actor))
  router.use((req, res, next) => {
    agendash ??= createExpressMiddleware(agenda())
    agendash(req, res, next)
  })
  return router
}
