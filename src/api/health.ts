import express, { type Router } from 'express'
import type { DeferredPanel, PanelState } from '../admin/deferred-panel.js'
import type { AppContext } from '../app-context.js'

/** How /readyz names the panel's state: still mounting does not make the process unready, failing to does. */
const PANEL_CHECK: Record<PanelState, string> = {
  ready: 'ok',
  mounting: 'mounting',
  idle: 'on first request',
  failed: 'failed',
}

/** Probes for operators and orchestrators; not part of the envelope API. */
export function healthRouter(context: AppContext, panel: DeferredPanel): Router {
  const router = express.Router()
  // Liveness: the process answers. It never checks dependencies, so a database outage does not restart the app.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  // Readiness: take traffic only while the database answers and, when this process runs the jobs, the scheduler
  // still polls (a web process with JOBS=off reports no jobs check). The admin panel mounts in the seconds after
  // the API is up (admin/deferred-panel.ts); its requests wait for it meanwhile, so only a failed mount is unready.
  router.get('/readyz', (_req, res, next) => {
    context.db.ping().then((ok) => {
      const jobs = context.jobs.status()
      const admin = panel.state()
      const checks = {
        database: ok ? 'ok' : 'down',
        ...(jobs.running ? { jobs: jobs.alive ? 'ok' : 'stalled' } : {}),
        admin: PANEL_CHECK[admin],
      }
      const ready = ok && (!jobs.running || jobs.alive) && admin !== 'failed'
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks })
    }, next)
  })
  return router
}
