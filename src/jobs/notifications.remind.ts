import { z } from 'zod'
import { sendReminder, type ReminderFailure } from '../notifications/reminders.js'
import { defineJob } from './define-job.js'

/**
 * Hourly, for every resource declaring `reminders`: tells the recipients of each live record whose date is coming
 * near, once per record, reminder and date (src/notifications/reminders.ts). A record whose reminder fails is logged
 * and tried again by the next try or run; the others are not held up by it.
 */
export const notificationsRemind = defineJob({
  name: 'notifications.remind',
  description: 'Sends the declared reminders (a task due, a contract up for renewal) once per record and date',
  schedule: { every: '1 hour' },
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({
    /** The clock this run counts days from (ISO date); default now. */
    at: z.iso.datetime().optional(),
  }),
  async run({ app, data, actor, logger, signal, processed, extendLock }) {
    const now = data.at === undefined ? new Date() : new Date(data.at)
    const failures: ReminderFailure[] = []
    for (const service of app.resources.all) {
      for (const reminder of service.def.reminders ?? []) {
        if (signal.aborted) return
        failures.push(...(await sendReminder(service, reminder, { now, actor, signal, sent: processed })))
        await extendLock()
      }
    }
    for (const failure of failures) logger.error('reminder failed', { ...failure })
    if (failures.length > 0) throw new Error(`${String(failures.length)} reminder(s) failed; see the log`)
  },
})
