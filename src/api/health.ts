import express, { type Router } from 'express'
import type { AppContext } from '../app-context.js'

/** Probes for operators and orchestrators; not part of the envelope API. */
export function healthRouter(context: AppContext): Router {
  const router = express.Router()
  // Liveness: the process answers. It never checks dependencies, so a database outage does not restart the app.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  // Readiness: take traffic only while the database answers (the jobs check joins here when jobs arrive).
  router.get('/readyz', (_req, res, next) => {
    context.db.ping().then((ok) => {
      res
        .status(ok ? 200 : 503)
        .json({ status: ok ? 'ready' : 'unavailable', checks: { database: ok ? 'ok' : 'down' } })
    }, next)
  })
  return router
}
