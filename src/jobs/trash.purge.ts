import { z } from 'zod'
import { defineJob } from './define-job.js'

/**
 * Daily, for every resource: permanently deletes trashed records past the resource's retention, never those on legal
 * hold nor those other records still name (logged, left for a later run). Each destroy goes through the resource service and is audited as this run. Stops between batches on shutdown;
 * the next run carries on where it stopped.
 */
export const trashPurgeJob = defineJob({
  name: 'trash.purge',
  description: 'Permanently deletes trashed records past their retention (not those on legal hold)',
  schedule: { cron: '0 2 * * *' },
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({}),
  async run({ app, actor, logger, signal, processed, extendLock }) {
    const now = new Date()
    for (const service of app.resources.all) {
      if (signal.aborted) break
      const outcome = await service.purgeExpired(now, actor, {
        signal,
        afterBatch: async (batch) => {
          processed(batch.purged)
          await extendLock()
        },
        // Left in the trash, not failed: it goes once the records naming it are gone (or restored from it).
        onReferenced: (id, referrers) => {
          logger.info('purge skipped a referenced record', { resource: service.def.resource, id, referrers })
        },
      })
      if (outcome.purged + outcome.held + outcome.referenced > 0) {
        logger.info('trash purged', { resource: service.def.resource, ...outcome })
      }
    }
  },
})
