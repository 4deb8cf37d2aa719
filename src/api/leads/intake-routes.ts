import { timingSafeEqual } from 'node:crypto'
import express, { type Request, type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { UnauthenticatedError } from '../../errors.js'
import { FormIntakeBody, ingestForm } from '../../leads/form-intake.js'
import { ingestEmail } from '../../leads/inbound-email.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { ipRateLimit } from '../rate-limit-store.js'

// The two public doors of /api/v1/leads: the website form (anonymous, rate limited per IP) and the mail provider's
// inbound hook (a shared secret header). Neither needs a user token.

export const INBOUND_SECRET_HEADER = 'x-inbound-secret'

/** Per-IP limit on form posts; `/email/add` shares its counters (same namespace). */
export function intakeLimit(context: AppContext) {
  const { intakeMaxPerIp, intakeWindowMs } = context.config.leads
  return ipRateLimit(context.db.connection, { name: 'lead-intake', max: intakeMaxPerIp, windowMs: intakeWindowMs })
}

function checkSecret(context: AppContext, req: Request): void {
  const expected = context.config.leads.inboundSecret
  const given = req.get(INBOUND_SECRET_HEADER) ?? ''
  const a = Buffer.from(given)
  const b = Buffer.from(expected ?? '')
  // Unset secret: the hook is closed. Equal lengths first: timingSafeEqual needs them.
  if (expected === undefined || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new UnauthenticatedError('Missing or wrong inbound secret')
  }
}

export function intakeRoutes(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  const target = { router, registry, base: '/api/v1/leads' }
  defineRoute(
    target,
    {
      method: 'post',
      path: '/intake',
      summary: 'Public website form: one lead (201 with its id; 409 for the same email and phone again)',
      tag: 'leads',
      auth: false,
      body: FormIntakeBody,
      status: 201,
      errors: [400, 409, 413, 429],
    },
    async (req, res) => {
      const result = await ingestForm(context, req.body, req.ip ?? 'unknown')
      const id = result.stored ? String(result.lead._id) : result.id
      sendData(res, { id }, { status: 201 })
    },
    intakeLimit(context),
  )
  defineRoute(
    target,
    {
      method: 'post',
      path: '/inbound-email',
      summary: `Raw RFC 822 email from the mail provider (header ${INBOUND_SECRET_HEADER}); one lead per Message-ID`,
      tag: 'leads',
      auth: false,
      status: 201,
      errors: [400, 401, 409, 413],
    },
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const result = await ingestEmail(context, raw)
      sendData(res, result, { status: result.duplicate ? 200 : 201 })
    },
    (req, _res, next) => {
      // The secret is checked before the body is read, so an unauthenticated sender cannot make us buffer 10 MB.
      try {
        checkSecret(context, req)
        next()
      } catch (error) {
        next(error)
      }
    },
    express.raw({ type: () => true, limit: context.config.leads.inboundMaxBytes }),
  )
  return router
}
