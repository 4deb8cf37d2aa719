import { z } from 'zod'
import { DEDUPE_KEYS, scanKey } from '../leads/dedupe-scan.js'
import { resumePendingMerges } from '../leads/merge.js'
import { resumeUndoing } from '../leads/unmerge.js'
import { defineJob } from './define-job.js'

// Merges duplicate leads (same normalised email, then same phone) into the oldest of each group, with provenance;
// nothing is deleted. First it finishes whatever a killed run left half done, so a run is always resumable.

export const leadsDedupeJob = defineJob({
  name: 'leads.dedupe',
  description: 'Merge duplicate leads (same email or phone) into the oldest, keeping every submission',
  schedule: { every: '1 hour' },
  lockLifetimeMs: 30 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.object({ pageSize: z.number().int().min(10).max(5000).default(500) }),
  async run(run) {
    const { app, data, actor, logger, signal } = run
    const resumed = (await resumePendingMerges(app, actor)) + (await resumeUndoing(app, actor))
    let merged = 0
    for (const key of DEDUPE_KEYS) {
      merged += await scanKey(app, actor, key, {
        pageSize: data.pageSize,
        signal,
        onMerged: (count) => {
          run.processed(count)
        },
      })
    }
    logger.info('lead duplicates merged', { merged, resumed, stopped: signal.aborted })
  },
})
