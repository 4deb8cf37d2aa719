import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { slaBreaches } from '../../models/projects/ticket-breaches.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'

// GET /api/v1/tickets/sla-breaches: mounted before the generic tickets router so `sla-breaches` is not read as an id.

const DAY = 24 * 60 * 60 * 1000

const BreachQueryShape = z.strictObject({
  /** Tickets created from this day (default 90 days ago). */
  from: z.iso.date('must be a date YYYY-MM-DD').optional(),
  /** Tickets created up to the end of this day (default today). */
  to: z.iso.date('must be a date YYYY-MM-DD').optional(),
})

const BreachQuery = BreachQueryShape.transform(({ from, to }) => {
  const end = to ? new Date(Date.parse(to) + DAY - 1) : new Date()
  return { from: from ? new Date(from) : new Date(end.getTime() - 90 * DAY), to: end }
})

export function ticketSlaRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  defineRoute(
    { router, registry, base: '/api/v1/tickets' },
    {
      method: 'get',
      path: '/sla-breaches',
      tag: 'tickets',
      auth: true,
      summary: 'Tickets past their SLA (unanswered or unresolved past the target, or answered/resolved late)',
      query: BreachQueryShape,
      errors: [400, 403],
    },
    async (req, res) => {
      const window = BreachQuery.parse(req.query)
      const report = await slaBreaches(context.resources.tickets, principalOf(req).actor, window)
      sendData(res, report.items, {
        meta: { total: report.items.length, examined: report.examined, truncated: report.truncated },
      })
    },
  )
  return router
}
