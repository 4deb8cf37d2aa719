import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import { text } from '../models/fields/text.js'
import { jobRunModel, RUN_OUTCOMES, type JobRun } from './run-history.js'

// Reading the run history, for GET /api/v1/job-runs and the admin panel: the `job-runs` read permission decides.

export const JobRunQuery = z.strictObject({
  job: text(100).optional().meta({ description: 'Job name, e.g. trash.purge' }),
  outcome: z.enum(RUN_OUTCOMES).optional(),
  from: z.coerce.date().optional().meta({ description: 'Runs started at or after this time (ISO 8601)' }),
  to: z.coerce.date().optional().meta({ description: 'Runs started before this time (ISO 8601)' }),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type JobRunQuery = z.infer<typeof JobRunQuery>

export const JobRunOut = z.object({
  _id: z.string(),
  job: z.string(),
  jobId: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
  outcome: z.enum(RUN_OUTCOMES),
  error: z.string().nullable(),
  attempt: z.number(),
  attempts: z.number(),
  processed: z.number(),
  requeuedFrom: z.string().nullable(),
  worker: z.string(),
})

function assertRead(actor: Actor): void {
  if (!can(actor, 'read', 'job-runs')) throw new ForbiddenError()
}

export function runFilter(query: Pick<JobRunQuery, 'job' | 'outcome' | 'from' | 'to'>): Record<string, unknown> {
  const startedAt = {
    ...(query.from ? { $gte: query.from } : {}),
    ...(query.to ? { $lt: query.to } : {}),
  }
  return {
    ...(query.job ? { job: query.job } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...((query.from ?? query.to) ? { startedAt } : {}),
  }
}

export async function listRuns(
  context: AppContext,
  actor: Actor,
  query: JobRunQuery,
): Promise<{ runs: JobRun[]; total: number }> {
  assertRead(actor)
  const runs = jobRunModel(context.db.connection)
  const filter = runFilter(query)
  const [page, total] = await Promise.all([
    runs
      .find(filter)
      .sort({ startedAt: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean(),
    runs.countDocuments(filter),
  ])
  return { runs: page, total }
}

export async function getRun(context: AppContext, actor: Actor, id: string): Promise<JobRun> {
  assertRead(actor)
  const run = await jobRunModel(context.db.connection).findById(id).lean()
  if (!run) throw new NotFoundError('Run not found')
  return run
}
