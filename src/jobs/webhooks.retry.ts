import { z } from 'zod'
import { processInboxEntry } from '../payments/process-inbox.js'
import { INBOX_MAX_ATTEMPTS, inboxModel } from '../payments/webhook-inbox.js'
import { defineJob } from './define-job.js'

// Every 5 minutes: processes again the stored deliveries whose processing failed (or was cut short by a dying
// process), until INBOX_MAX_ATTEMPTS; after that they stay `failed` in the inbox for an operator to replay.

/** A `received` entry older than this was interrupted (processing takes milliseconds). */
const STUCK_MS = 5 * 60_000
const BATCH = 200

export const webhooksRetry = defineJob({
  name: 'webhooks.retry',
  description: 'Processes failed or interrupted webhook deliveries again (up to the attempt limit)',
  schedule: { every: '5 minutes' },
  lockLifetimeMs: 10 * 60_000,
  attempts: 1,
  backoffMs: 60_000,
  data: z.strictObject({}),
  async run(context) {
    const inbox = inboxModel(context.app.db.connection)
    const entries = await inbox
      .find({
        attempts: { $lt: INBOX_MAX_ATTEMPTS },
        $or: [{ state: 'failed' }, { state: 'received', updatedAt: { $lt: new Date(Date.now() - STUCK_MS) } }],
      })
      .sort({ createdAt: 1 })
      .limit(BATCH)
      .lean()
    for (const entry of entries) {
      if (context.signal.aborted) break
      const after = await processInboxEntry(context.app, entry)
      if (after.state === 'processed') context.processed(1)
    }
  },
})
