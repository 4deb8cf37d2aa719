import { z } from 'zod'
import { deleteExpiredIdempotencyKeys } from '../api/crud/idempotency.js'
import { defineJob } from './define-job.js'
import { jobRunModel } from './run-history.js'

/** A run still "running" after this long belongs to a process that died (longer than any job's lock lifetime). */
export const STALE_RUN_MS = 6 * 3600_000

/**
 * Hourly: removes what no TTL index removes. Expired password-reset tokens stay on the user otherwise (a used one is
 * cleared when used); runs left "running" by a killed process are marked interrupted so the history does not show
 * them running forever; expired idempotency keys are deleted as a backstop to their TTL index. Sessions, login
 * counters, read-log entries and run history expire by TTL indexes.
 */
export const housekeepingExpireJob = defineJob({
  name: 'housekeeping.expire',
  description: 'Clears expired reset tokens, stale runs and expired idempotency keys',
  schedule: { every: '1 hour' },
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({}),
  async run({ app, logger, processed }) {
    const now = new Date()
    const tokens = await app.models.users.updateMany(
      { resetPasswordExpires: { $ne: null, $lte: now } },
      { $set: { resetPasswordToken: null, resetPasswordExpires: null } },
    )
    const runs = await jobRunModel(app.db.connection).updateMany(
      { outcome: 'running', startedAt: { $lt: new Date(now.getTime() - STALE_RUN_MS) } },
      { $set: { outcome: 'interrupted', endedAt: now, error: 'the process running it stopped' } },
    )
    const keys = await deleteExpiredIdempotencyKeys(app.db.connection, now)
    const figures = { resetTokens: tokens.modifiedCount, staleRuns: runs.modifiedCount, idempotencyKeys: keys }
    processed(figures.resetTokens + figures.staleRuns + figures.idempotencyKeys)
    logger.info('housekeeping done', figures)
  },
})
