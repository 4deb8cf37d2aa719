import { z } from 'zod'
import { deleteExpiredIdempotencyKeys } from '../api/crud/idempotency.js'
import { defineJob } from './define-job.js'
import { JOBS_COLLECTION, jobRunModel } from './run-history.js'

/** A run still "running" after this long belongs to a process that died (longer than any job's lock lifetime). */
export const STALE_RUN_MS = 6 * 3600_000

/** Finished one-off jobs (run-nows, requeues) stay visible in the dashboard this long; their runs stay in job_runs. */
export const FINISHED_JOB_DAYS = 30

/**
 * Hourly: removes what no TTL index removes. Expired password-reset tokens stay on the user otherwise (a used one is
 * cleared when used); runs left "running" by a killed process are marked interrupted so the history does not show
 * them running forever; one-off jobs finished a month ago leave the dashboard; expired idempotency keys are deleted
 * as a backstop to their TTL index. Sessions, login
 * counters, read-log entries and run history expire by TTL indexes.
 */
export const housekeepingExpireJob = defineJob({
  name: 'housekeeping.expire',
  description: 'Clears expired reset tokens, stale runs, old finished one-off jobs and expired idempotency keys',
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
    // Agenda's own documents (not a business resource): one-off jobs that will never run again.
    const finished = await app.db.connection.collection(JOBS_COLLECTION).deleteMany({
      type: 'normal',
      nextRunAt: null,
      lockedAt: null,
      lastFinishedAt: { $lt: new Date(now.getTime() - FINISHED_JOB_DAYS * 86_400_000) },
    })
    const figures = {
      resetTokens: tokens.modifiedCount,
      staleRuns: runs.modifiedCount,
      idempotencyKeys: keys,
      finishedJobs: finished.deletedCount,
    }
    processed(Object.values(figures).reduce((sum, count) => sum + count, 0))
    logger.info('housekeeping done', figures)
  },
})
