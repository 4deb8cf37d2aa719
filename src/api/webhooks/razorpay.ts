import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { receiveWebhook } from '../../payments/receive-webhook.js'
import { UnauthenticatedError, ValidationError } from '../../errors.js'
import { route } from '../async-handler.js'

// POST /api/v1/webhooks/razorpay. Mounted before the JSON parser: the signature covers the exact bytes received.
// 200 once the delivery is stored (processed, or failed and left to the retry job); 200 for a duplicate, which is
// not applied again; 401 for a bad signature and 400 for a malformed event, both stored as rejected.

export function razorpayWebhookRouter(context: AppContext): Router {
  const router = express.Router()
  router.post(
    '/razorpay',
    express.raw({ type: () => true, limit: context.config.bodyLimit }),
    route(async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const receipt = await receiveWebhook(context, {
        rawBody,
        signature: req.get('x-razorpay-signature'),
        eventId: req.get('x-razorpay-event-id'),
        userAgent: req.get('user-agent'),
      })
      if (receipt.kind === 'rejected') {
        const message = `Webhook rejected: ${receipt.reason}`
        if (receipt.reason === 'bad signature') throw new UnauthenticatedError(message)
        throw new ValidationError(message, [{ path: 'body', message: receipt.reason }])
      }
      const { entry } = receipt
      res.json({ success: true, data: { id: String(entry._id), state: entry.state, duplicate: receipt.kind === 'duplicate' } })
    }),
  )
  return router
}
