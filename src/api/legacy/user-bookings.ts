import express, { type Request, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { text } from '../../models/fields/text.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { route } from '../async-handler.js'
import { presentBooking, presentBookings } from './booking-presenter.js'
import type { ResourceRecord } from '../../models/define-resource.js'

// Seed 1's booking reads under /user: `GET /user/bookings/:id` and the unified search `GET /user/:id?`. Mounted
// after the /user account routes (legacy/index.ts), so `/user/all` never reaches the search. Scope comes from the
// JWT; `userRole`/`userId` query parameters are accepted and ignored.

const MAX_RESULTS = 1000
const SearchQuery = z.object({
  pattern: text(200).optional(),
  userRole: text(50).optional(),
  userId: text(50).optional(),
})

export function legacyUserBookingsRouter(context: AppContext): Router {
  const router = express.Router()
  const bookings = context.resources.bookings
  const actor = (req: Request) => principalOf(req).actor
  const sources = { audit: context.resources.audit, users: context.models.users }
  const showAll = (req: Request, records: readonly ResourceRecord[]) => presentBookings(sources, actor(req), records)
  const signedIn = authenticate(context)

  router.get(
    '/bookings/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      const filter = { user_id: req.params.id }
      const { items } = await bookings.list(actor(req), {
        page: 1,
        limit: MAX_RESULTS,
        filter,
        sort: { createdAt: -1 },
      })
      if (items.length === 0) throw new NotFoundError('No bookings found for this user')
      res.json(await showAll(req, items))
    }),
  )

  router.get(
    '/:id?',
    signedIn,
    route<{ id?: string }>(async (req, res) => {
      const { pattern } = SearchQuery.parse(req.query)
      if (req.params.id) {
        res.json([await presentBooking(sources, actor(req), await bookings.get(actor(req), req.params.id))])
        return
      }
      if (!pattern) throw new ValidationError('Either a booking id or a search pattern is required')
      const { items } = await bookings.list(actor(req), {
        page: 1,
        limit: MAX_RESULTS,
        q: pattern,
        sort: { createdAt: -1 },
      })
      if (items.length === 0) throw new NotFoundError('No bookings found')
      res.json(await showAll(req, items))
    }),
  )

  return router
}
