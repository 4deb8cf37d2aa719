import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { queueWelcomeMail } from '../../mail/queue-welcome.js'
import { requiredText } from '../../models/fields/text.js'
import { paiseOf } from '../../payments/money.js'
import { route } from '../async-handler.js'

// Seed 1's POST /mail/api/welcome { email, name, amount (rupees) }: now signed-in only, rate-limited, escaped, and
// queued in the mail outbox. 200 `{ message }` as before once the mail is stored for delivery.

const Body = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254)),
  name: requiredText(200),
  amount: z.coerce.number().nonnegative('must not be negative').max(1e10).optional(),
})

export function legacyWelcomeMailRouter(context: AppContext): Router {
  const router = express.Router()
  router.post(
    '/api/welcome',
    authenticate(context),
    route(async (req, res) => {
      const body = Body.parse(req.body ?? {})
      const amountPaise = body.amount === undefined ? undefined : paiseOf(body.amount)
      await queueWelcomeMail(context, principalOf(req).actor, { email: body.email, name: body.name, amountPaise })
      res.json({ message: 'Welcome Mail Sent Successfully.', queued: true })
    }),
  )
  return router
}
