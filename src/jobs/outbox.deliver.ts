import { z } from 'zod'
import { claimDue, deliverEntry } from '../outbox/deliver.js'
import { defineJob } from './define-job.js'

// Every minute: delivers what the outbox holds (Sheets rows, mails), each entry with its own retries and doubling
// delay; an entry whose attempts are spent stays `failed` in the outbox, where the admin panel shows it.

const BATCH = 100

export const outboxDeliver = defineJob({
  name: 'outbox.deliver',
  description: 'Delivers pending outbox entries (Google Sheets rows, mails) with retries and backoff',
  schedule: { every: '1 minute' },
  lockLifetimeMs: 5 * 60_000,
  attempts: 1,
  backoffMs: 60_000,
  data: z.strictObject({
    /** The clock this run uses to pick due entries (ISO date); default now. Lets an operator flush early. */
    at: z.iso.datetime().optional(),
  }),
  async run(context) {
    const now = context.data.at === undefined ? new Date() : new Date(context.data.at)
    for (let i = 0; i < BATCH && !context.signal.aborted; i += 1) {
      const entry = await claimDue(context.app, now)
      if (!entry) break
      if (await deliverEntry(context.app, entry, now)) context.processed(1)
    }
  },
})
