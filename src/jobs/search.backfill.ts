import { z } from 'zod'
import { backfillSearchGrams, refreshSearchIndexState, searchIndexReady } from '../models/search-index.js'
import { defineJob } from './define-job.js'

/**
 * Fills the search grams of records written before their resource had a search index (search-index.ts), in
 * batches, and marks the index ready; searches scan until then. Once every index is ready a run only reads the
 * markers. Grams are derived data: written without a revision or an audit entry (nobody changed the record).
 */
export const searchBackfillJob = defineJob({
  name: 'search.backfill',
  description: 'Fills the search index of records that predate it, then lets searches use it',
  schedule: { every: '1 minute' },
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({}),
  async run({ app, logger, signal, processed, extendLock }) {
    for (const service of app.resources.all) {
      if (signal.aborted || service.def.searchIndex !== true) continue
      await refreshSearchIndexState(service.def, service.model)
      if (searchIndexReady(service.def, service.model)) continue
      const filled = await backfillSearchGrams(service.def, service.model, {
        signal,
        afterBatch: async (count) => {
          processed(count)
          await extendLock()
        },
      })
      logger.info('search index backfilled', { resource: service.def.resource, filled, ready: !signal.aborted })
    }
  },
})
