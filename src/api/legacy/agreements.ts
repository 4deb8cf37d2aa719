import express, { type Request, type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { route } from '../async-handler.js'
import { agreementHtml } from './agreement-html.js'
import { presentBooking } from './booking-presenter.js'

// The v1 frontend's Agreements page: `GET /generate-agreement/:id` (it reads `agreementHtml` and previews it) and
// `GET /bookings/:id` (its API module's `getBooking`, read as `{ booking }` like `/booking/getbooking/:id`). Seed 1
// never served them. Both read the booking through the model layer: same scope (a bdm only their own), an audited
// read, trashed bookings 404.

export function legacyAgreementsRouter(context: AppContext): Router {
  const router = express.Router()
  const signedIn = authenticate(context)
  const bookings = context.resources.bookings
  const actor = (req: Request) => principalOf(req).actor
  const sources = { audit: context.resources.audit, users: context.models.users }

  router.get(
    '/generate-agreement/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      const booking = await bookings.get(actor(req), req.params.id)
      res.json({ bookingId: booking._id, agreementHtml: agreementHtml(booking, context.config.brand.name) })
    }),
  )

  router.get(
    '/bookings/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      res.json({ booking: await presentBooking(sources, actor(req), await bookings.get(actor(req), req.params.id)) })
    }),
  )

  return router
}
