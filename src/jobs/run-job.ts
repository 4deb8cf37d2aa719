import { randomUUID } from 'node:crypto'
import type { JobActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ValidationError } from '../errors.js'
import type { JobDefinition } from './define-job.js'

export interface RunJobOptions {
  /** The run's id (the job_runs entry); a fresh one by default. */
  runId?: string
  /** 1 for the first try. */
  attempt?: number
  signal?: AbortSignal
}

export interface JobRunResult {
  runId: string
  processed: number
}

/**
 * Runs one occurrence of a job: parses its payload, builds the run's actor and logger, calls the handler. The
 * scheduler calls this for every run (and records the outcome); tests call it to run a job once, on the same path.
 * A payload the declaration refuses throws a ValidationError before the handler runs, so nothing changes.
 */
export async function runJob<Data>(
  app: AppContext,
  job: JobDefinition<Data>,
  payload: unknown,
  options: RunJobOptions = {},
): Promise<JobRunResult> {
  const runId = options.runId ?? randomUUID()
  const parsed = job.data.safeParse(payload ?? {})
  if (!parsed.success) {
    throw new ValidationError(
      `Malformed payload for job ${job.name}`,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    )
  }
  const actor: JobActor = Object.freeze({ kind: 'job', name: job.name, runId })
  let processed = 0
  await job.run({
    app,
    data: parsed.data,
    actor,
    logger: app.logger.child({ job: job.name, runId }),
    attempt: options.attempt ?? 1,
    signal: options.signal ?? new AbortController().signal,
    processed: (count) => {
      processed += count
    },
  })
  return { runId, processed }
}
