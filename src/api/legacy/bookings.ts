import express, { type Request, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { ConflictError, ValidationError } from '../../errors.js'
import { bookingInput } from '../../models/booking.js'
import { multilineText, text } from '../../models/fields/text.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { route } from '../async-handler.js'
import { LegacyFilterQuery, legacyFilter } from './booking-filter.js'

// Seed 1's /booking routes for the existing frontends: same paths, payloads and response keys; authorisation from
// the JWT and the roles matrix only (`user-role`/`user-name` headers are ignored). Differences: docs/legacy-api.md.

const BOOKING_FIELDS = Object.keys(bookingInput.shape)
/** Everything the bookings service returns for everyone, without paging. */
const ALL = 10_000

/** Seed responses carried `isDeleted`; the frontends still read it. */
export function legacyBooking(record: ResourceRecord): ResourceRecord {
  return { ...record, isDeleted: record.deletedAt !== null && record.deletedAt !== undefined }
}

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

export function legacyBookingsRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const bookings = context.resources.bookings
  const actor = (req: Request) => principalOf(req).actor

  router.post(
    '/addbooking',
    route(async (req, res) => {
      const booking = legacyBooking(await bookings.create(actor(req), bookingFields(req.body)))
      res.status(201).json({ Message: 'Booking Created Successfully', booking_id: booking._id, booking })
    }),
  )

  router.patch(
    '/editbooking/:id',
    route<{ id: string }>(async (req, res) => {
      const options = { reason: reasonOf(req.body), requireChange: true }
      const updatedBooking = legacyBooking(
        await bookings.update(actor(req), req.params.id, bookingFields(req.body), options),
      )
      res.json({ message: 'Booking Updated Successfully', updatedBooking })
    }),
  )

  router.patch(
    '/trash/:id',
    route<{ id: string }>(async (req, res) => {
      const trashedBooking = legacyBooking(
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
      res.json(items.map(legacyBooking))
    }),
  )

  router.patch(
    '/restore/:id',
    route<{ id: string }>(async (req, res) => {
      const restoredBooking = legacyBooking(await bookings.restore(actor(req), req.params.id))
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
        throw error
      }
      res.json({ message: 'Booking permanently deleted.' })
    }),
  )

  router.get(
    '/getbooking/:id',
    route<{ id: string }>(async (req, res) => {
      res.json({ booking: legacyBooking(await bookings.get(actor(req), req.params.id)) })
    }),
  )

  router.get(
    '/all',
    route(async (req, res) => {
      const { items } = await bookings.list(actor(req), { page: 1, limit: ALL, sort: { createdAt: -1 } })
      const message = items.length === 0 ? 'No Bookings Found' : 'Bookings fetched successfully'
      res.json({ message, Allbookings: items.map(legacyBooking) })
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
        bookings: items.map(legacyBooking),
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
      res.json({ message: 'Bookings fetched successfully', bookings: items.map(legacyBooking) })
    }),
  )

  return router
}
