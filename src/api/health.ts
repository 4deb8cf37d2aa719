import express, { type Router } from 'express'
import type { AppContext } from '../app-context.js'

/** Probes for operators and orchestrators; not part of the envelope API. */
export function healthRouter(context: AppContext): Router {
  const router = express.Router()
  // Liveness: the process answers. It never checks dependencies, so a database outage does not restart the app.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  // Readiness: take traffic only while the database answers and, when this process runs the jobs, the scheduler
  // still polls (a web process with JOBS=off reports no jobs check).
  router.get('/readyz', (_req, res, next) => {
    context.db.ping().then((ok) => {
      const jobs = context.jobs.status()
      const checks = {
        database: ok ? 'ok' : 'down',
        ...(jobs.running ? { jobs: jobs.alive ? 'ok' : 'stalled' } : {}),
      }
      const ready = ok && (!jobs.running || jobs.alive)
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks })
    }, next)
  })
  return router
}
