import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { ConflictError, ValidationError } from '../../errors.js'
import { bookingInput } from '../../models/booking.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { multilineText, text } from '../../models/fields/text.js'
import { route } from '../async-handler.js'
import { LegacyFilterQuery, legacyFilter } from './booking-filter.js'
import { presentBooking, presentBookings, presentCreatedBooking } from './booking-presenter.js'
import { LegalHoldError } from '../../models/resource-errors.js'

// Seed 1's /booking routes for the existing frontends: same paths, payloads and response keys; authorisation from
// the JWT and the roles matrix only (`user-role`/`user-name` headers are ignored). Differences: docs/legacy-api.md.

const BOOKING_FIELDS = Object.keys(bookingInput.shape)
/** Everything the bookings service returns for everyone, without paging. */
const ALL = 10_000

/** Seed 1 dropped unknown keys (Mongoose strict mode): `shared_with`, `_id`, `updatedhistory`... are ignored. */
function bookingFields(body: unknown): Record<string, unknown> {
  const source = (body ?? {}) as Record<string, unknown>
  return Object.fromEntries(BOOKING_FIELDS.filter((field) => field in source).map((field) => [field, source[field]]))
}

const EditMeta = z.object({ updatedBy: text(200).optional(), note: multilineText(500).optional() })

/** `note` (and who the client says it is, as text) become the audit reason; the actor is always the token's. */
function reasonOf(body: unknown): string | undefined {
  const meta = EditMeta.safeParse(body ?? {})
  if (!meta.success) return undefined
  const parts = [meta.data.note, meta.data.updatedBy ? `(client said: ${meta.data.updatedBy})` : undefined]
  const reason = parts.filter(Boolean).join(' ')
  return reason === '' ? undefined : reason
}

/**
 * The v1 frontend's Trash page does `fetch(...).then(res => res.json()).then(() => "permanently deleted", drop card)`
 * whatever the status, so no JSON body can stop it announcing a deletion. A plain-text body makes its `res.json()`
 * fail: it announces nothing and the card stays. Clients that ask for JSON (axios sends `Accept: application/json`,
 * and toasts `data.message`) get the usual `{ message, code }`.
 */
function refuseHeld(req: Request, res: Response, error: LegalHoldError): void {
  if (req.get('accept')?.includes('application/json')) throw error
  res.status(error.status).type('text/plain').send(error.message)
}

export function legacyBookingsRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const bookings = context.resources.bookings
  const actor = (req: Request) => principalOf(req).actor
  const sources = { audit: context.resources.audit, users: context.models.users }
  const show = (req: Request, record: ResourceRecord) => presentBooking(sources, actor(req), record)
  const showAll = (req: Request, records: readonly ResourceRecord[]) => presentBookings(sources, actor(req), records)

  router.post(
    '/addbooking',
    route(async (req, res) => {
      const booking = presentCreatedBooking(await bookings.create(actor(req), bookingFields(req.body)))
      res.status(201).json({ Message: 'Booking Created Successfully', booking_id: booking._id, booking })
    }),
  )

  router.patch(
    '/editbooking/:id',
    route<{ id: string }>(async (req, res) => {
      const options = { reason: reasonOf(req.body), requireChange: true }
      const updatedBooking = await show(
        req,
        await bookings.update(actor(req), req.params.id, bookingFields(req.body), options),
      )
      res.json({ message: 'Booking Updated Successfully', updatedBooking })
    }),
  )

  router.patch(
    '/trash/:id',
    route<{ id: string }>(async (req, res) => {
      const trashedBooking = await show(
        req,
        await bookings.trash(actor(req), req.params.id, { reason: reasonOf(req.body) }),
      )
      res.json({ message: 'Booking moved to trash', trashedBooking })
    }),
  )

  router.get(
    '/trash',
    route(async (req, res) => {
      const { items } = await bookings.list(actor(req), {
        page: 1,
        limit: ALL,
        trashed: 'only',
        sort: { deletedAt: -1 },
      })
      res.json(await showAll(req, items))
    }),
  )

  router.patch(
    '/restore/:id',
    route<{ id: string }>(async (req, res) => {
      const restoredBooking = await show(req, await bookings.restore(actor(req), req.params.id))
      res.json({ message: 'Booking restored successfully', restoredBooking })
    }),
  )

  router.delete(
    '/deletebooking/:id',
    route<{ id: string }>(async (req, res) => {
      try {
        await bookings.destroy(actor(req), req.params.id)
      } catch (error) {
        if (error instanceof ConflictError)
          throw new ValidationError('You must move this booking to trash before deleting.')
        if (error instanceof LegalHoldError) {
          refuseHeld(req, res, error)
          return
        }
        throw error
      }
      res.json({ message: 'Booking permanently deleted.' })
    }),
  )

  router.get(
    '/getbooking/:id',
    route<{ id: string }>(async (req, res) => {
      res.json({ booking: await show(req, await bookings.get(actor(req), req.params.id)) })
    }),
  )

  router.get(
    '/all',
    route(async (req, res) => {
      const { items } = await bookings.list(actor(req), { page: 1, limit: ALL, sort: { createdAt: -1 } })
      const message = items.length === 0 ? 'No Bookings Found' : 'Bookings fetched successfully'
      res.json({ message, Allbookings: await showAll(req, items) })
    }),
  )

  router.get(
    '/bookings/filter',
    route(async (req, res) => {
      const query = LegacyFilterQuery.parse(req.query)
      const page = query.page ?? 1
      const limit = query.limit ?? 100
      const { items, total } = await bookings.list(actor(req), {
        page,
        limit,
        filter: legacyFilter(query),
        sort: { createdAt: -1 },
      })
      if (items.length === 0) {
        res.json([])
        return
      }
      res.json({
        bookings: await showAll(req, items),
        totalCount: total,
        totalPages: Math.ceil(total / limit),
        currentPage: page,
      })
    }),
  )

  router.get(
    '/getbookings/user/:userId',
    route<{ userId: string }>(async (req, res) => {
      const filter = { user_id: req.params.userId }
      const { items } = await bookings.list(actor(req), { page: 1, limit: ALL, filter, sort: { createdAt: -1 } })
      res.json({ message: 'Bookings fetched successfully', bookings: await showAll(req, items) })
    }),
  )

  return router
}
