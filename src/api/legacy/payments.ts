import express, { type Request, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { text } from '../../models/fields/text.js'
import { paiseOf } from '../../payments/money.js'
import { route } from '../async-handler.js'
import { legacyLink, legacyQr, LEGACY_STATUS_TRANSITION } from './payment-shapes.js'
import { qrImageBase64 } from './qr-image.js'

// Seed 1's /payments routes with its keys: rupees in and out, converted to paise here and only here. Every route
// needs a token (as in seed 1) and the roles matrix decides (a bdm sees and creates their own). Creation goes
// through the same service as /api/v1 (stored first, then Razorpay, 502 with the record `failed` on its errors).

const Rupees = z.coerce.number({ error: 'must be a number' }).positive('must be a positive amount')
const optionalBool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional()

const LinkBody = z.object({
  amount: Rupees,
  name: text(100).optional(),
  email: z.string(),
  phone: z.union([z.string(), z.number()]).transform(String),
  description: text(250).optional(),
  notifyEmail: optionalBool,
  notifySms: optionalBool,
  bdm: text(100).optional(),
  booking_id: z.string().optional(),
})

const QrBody = z.object({
  amount: Rupees,
  name: z.string(),
  bdm: text(100).optional(),
  description: text(250).optional(),
  purpose: text(100).optional(),
  usage: z.enum(['single_use', 'multiple_use']).optional(),
  close_by_hours: z.coerce.number().positive().optional(),
  booking_id: z.string().optional(),
})

const StatusBody = z.object({ status: z.string().trim().toUpperCase(), reason: text(500).optional(), note: text(500).optional() })

function required(body: unknown, fields: readonly string[], message: string): void {
  const source = (body ?? {}) as Record<string, unknown>
  const missing = fields.filter((field) => source[field] === undefined || source[field] === '' || source[field] === null)
  // Seed 1's frontends show `message` verbatim; it already names the fields.
  if (missing.length > 0) throw new ValidationError(message)
}

export function legacyPaymentsRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const { paymentLinks, paymentQrs } = context.resources
  const actor = (req: Request) => principalOf(req).actor

  router.post(
    '/create-upi-link',
    route(async (req, res) => {
      required(req.body, ['amount', 'email', 'phone'], 'Amount, email & phone are required.')
      const body = LinkBody.parse(req.body)
      const record = await paymentLinks.create(actor(req), {
        amount: paiseOf(body.amount),
        customer_name: body.name,
        customer_email: body.email,
        customer_contact: body.phone,
        description: body.description,
        notify_email: body.notifyEmail,
        notify_sms: body.notifySms,
        bdm: body.bdm,
        booking_id: body.booking_id,
      })
      res.json({
        success: true,
        message: 'Payment link created',
        payment_link_id: record.provider_id,
        short_url: record.provider_url,
        id: record._id,
      })
    }),
  )

  router.post(
    '/create-qr',
    route(async (req, res) => {
      required(req.body, ['amount', 'name'], 'Amount and name are required.')
      const body = QrBody.parse(req.body)
      const record = await paymentQrs.create(actor(req), { ...body, amount: paiseOf(body.amount) })
      const savedRecord = legacyQr(record)
      res.status(201).json({
        success: true,
        message: 'QR Code created',
        qr_id: record.provider_id,
        qr_data: { id: record.provider_id, image_url: record.provider_url, status: 'active', ...savedRecord },
        qr_base64: await qrImageBase64(String(record.provider_url), context.logger),
        savedRecord,
      })
    }),
  )

  router.get(
    '/api/payment-links',
    route(async (req, res) => {
      const { items } = await paymentLinks.list(actor(req), { page: 1, limit: 1000, sort: { createdAt: -1 } })
      res.json({ success: true, count: items.length, data: items.map(legacyLink) })
    }),
  )

  router.get(
    '/api/payment-links/:id',
    route<{ id: string }>(async (req, res) => {
      res.json({ success: true, data: legacyLink(await paymentLinks.get(actor(req), req.params.id)) })
    }),
  )

  router.patch(
    '/api/payment-links/:id/status',
    route<{ id: string }>(async (req, res) => {
      required(req.body, ['status'], 'Status is required')
      const body = StatusBody.parse(req.body)
      const name = LEGACY_STATUS_TRANSITION[body.status]
      if (name === undefined) {
        throw new ValidationError('Invalid status', [{ path: 'status', message: `must be one of ${Object.keys(LEGACY_STATUS_TRANSITION).join(', ')}` }])
      }
      // Seed 1's page sends no reason; the audit entry still says where the change came from.
      const reason = body.reason ?? body.note ?? `set to ${body.status} on the legacy payments page`
      const record = await paymentLinks.transition(actor(req), req.params.id, { name, reason })
      res.json({ success: true, message: 'Status updated', data: legacyLink(record) })
    }),
  )

  router.use((_req, _res, next) => {
    next(new NotFoundError('No such endpoint'))
  })
  return router
}
