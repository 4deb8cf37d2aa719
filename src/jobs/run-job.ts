import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { JobActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ValidationError } from '../errors.js'
import type { JobDefinition } from './define-job.js'
import { jobRunModel, type RunOutcome } from './run-history.js'

export interface RunJobOptions {
  /** The run's id (the job_runs entry); a fresh one by default. */
  runId?: string
  /** 1 for the first try. */
  attempt?: number
  signal?: AbortSignal
  /** The Agenda job document this occurrence came from. */
  jobId?: string
  /** The run an operator requeued this one from. */
  requeuedFrom?: string
  /** Renews the scheduler's lock on the job (see JobRunContext.extendLock). */
  extendLock?: () => Promise<void>
}

export interface JobRunResult {
  runId: string
  processed: number
}

/** Which process ran a job, in the run history. */
export const WORKER_NAME = `${hostname()}:${process.pid}`

/** Whether a failed try is tried again: a refused payload never is (it would be refused again). */
export function willRetry(job: Pick<JobDefinition, 'attempts'>, attempt: number, error: unknown): boolean {
  return !(error instanceof ValidationError) && attempt < job.attempts
}

function parsePayload<Data>(job: JobDefinition<Data>, payload: unknown): Data {
  const parsed = job.data.safeParse(payload ?? {})
  if (parsed.success) return parsed.data
  throw new ValidationError(
    `Malformed payload for job ${job.name}: ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
      .join('; ')}`,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  )
}

function outcomeOf(
  job: Pick<JobDefinition, 'attempts'>,
  attempt: number,
  error: unknown,
  signal: AbortSignal,
): RunOutcome {
  if (error === undefined) return signal.aborted ? 'interrupted' : 'succeeded'
  return willRetry(job, attempt, error) ? 'retrying' : 'failed'
}

interface Execution {
  processed: number
  failure: Error | undefined
}

/** Handlers may throw anything; the history and the scheduler need an Error with a message. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown
  return new Error(typeof thrown === 'string' ? thrown : 'the job failed without an error message')
}

/** Parses the payload and calls the handler; a throw (a refused payload included) becomes `failure`. */
async function execute<Data>(
  app: AppContext,
  job: JobDefinition<Data>,
  payload: unknown,
  run: { runId: string; attempt: number; signal: AbortSignal; options: RunJobOptions },
): Promise<Execution> {
  const execution: Execution = { processed: 0, failure: undefined }
  try {
    const data = parsePayload(job, payload)
    const actor: JobActor = Object.freeze({ kind: 'job', name: job.name, runId: run.runId })
    await job.run({
      app,
      data,
      actor,
      logger: app.logger.child({ job: job.name, runId: run.runId }),
      attempt: run.attempt,
      signal: run.signal,
      processed: (count) => {
        execution.processed += count
      },
      extendLock: run.options.extendLock ?? (() => Promise.resolve()),
    })
  } catch (error) {
    execution.failure = asError(error)
  }
  return execution
}

/**
 * Runs one occurrence of a job and records it in `job_runs`: parses its payload, builds the run's actor and logger,
 * calls the handler, stores the outcome. The scheduler calls this for every try; tests call it to run a job once, on
 * the same path. A payload the declaration refuses throws a ValidationError before the handler runs, so nothing
 * changes; a failure is recorded and rethrown (the scheduler retries or marks the job failed).
 */
export async function runJob<Data>(
  app: AppContext,
  job: JobDefinition<Data>,
  payload: unknown,
  options: RunJobOptions = {},
): Promise<JobRunResult> {
  const runId = options.runId ?? randomUUID()
  const attempt = options.attempt ?? 1
  const signal = options.signal ?? new AbortController().signal
  const runs = jobRunModel(app.db.connection)
  const startedAt = new Date()
  await runs.create({
    _id: runId,
    job: job.name,
    jobId: options.jobId ?? null,
    startedAt,
    outcome: 'running',
    attempt,
    attempts: job.attempts,
    requeuedFrom: options.requeuedFrom ?? null,
    worker: WORKER_NAME,
  })
  const { processed, failure } = await execute(app, job, payload, { runId, attempt, signal, options })
  const outcome = outcomeOf(job, attempt, failure, signal)
  const durationMs = Date.now() - startedAt.getTime()
  const message = failure?.message ?? null
  await runs.updateOne(
    { _id: runId },
    { $set: { endedAt: new Date(), durationMs, outcome, error: message, processed } },
  )
  const logger = app.logger.child({ job: job.name, runId })
  if (failure !== undefined) {
    logger.error('job run failed', { outcome, attempt, attempts: job.attempts, error: failure })
    throw failure
  }
  logger.info('job run finished', { outcome, processed, durationMs })
  return { runId, processed }
}
