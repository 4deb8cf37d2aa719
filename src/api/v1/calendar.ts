import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { calendarOf } from '../../models/projects/calendar.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'

// GET /api/v1/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD: the caller's tasks, calendar entries and (when those
// resources exist) meetings, events, leaves and holidays, both days included, at most 92 days.

const DAY = 24 * 60 * 60 * 1000
export const MAX_CALENDAR_DAYS = 92

const day = z.iso.date('must be a date YYYY-MM-DD')
const CalendarQueryShape = z.strictObject({ from: day, to: day })

const CalendarQuery = CalendarQueryShape.transform((query, ctx) => {
  const from = new Date(query.from)
  const to = new Date(Date.parse(query.to) + DAY - 1)
  const days = Math.round((to.getTime() + 1 - from.getTime()) / DAY)
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
  else if (days > MAX_CALENDAR_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${MAX_CALENDAR_DAYS} days after from` })
  }
  return { from, to }
})

export function calendarRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  defineRoute(
    { router, registry, base: '/api/v1/calendar' },
    {
      method: 'get',
      path: '/',
      tag: 'calendar',
      auth: true,
      summary: "The caller's calendar: tasks, entries, meetings, events, leaves, holidays (at most 92 days)",
      query: CalendarQueryShape,
      errors: [400],
    },
    async (req, res) => {
      const range = CalendarQuery.parse(req.query)
      const items = await calendarOf(context.resources.all, principalOf(req).actor, range)
      sendData(res, items, { meta: { from: range.from, to: range.to, total: items.length } })
    },
  )
  return router
}
