import type { z } from 'zod'
import type { JobActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import type { Logger } from '../logger.js'

// The declaration of one background job. A job is one file `src/jobs/<area>.<verb>.ts` exporting a JobDefinition,
// listed once in `src/jobs/index.ts`; the scheduler (agenda.ts) reads everything else from here.

/** When a job runs by itself. Jobs without a schedule run only when queued (by code, an operator or another job). */
export type JobSchedule =
  /** A cron expression, evaluated in `JOBS_TIMEZONE` (`0 2 * * *`: daily at 02:00). */
  | { readonly cron: string }
  /** A fixed interval in human form (`5 minutes`, `15 minutes`, `1 hour`). */
  | { readonly every: string }

/** What a handler gets for one run. */
export interface JobRunContext<Data> {
  readonly app: AppContext
  /** The payload, already parsed by the declared schema. */
  readonly data: Data
  /** The actor every write of this run is audited with: `{ kind: 'job', name, runId }`. */
  readonly actor: JobActor
  /** A child logger carrying `{ job, runId }`. */
  readonly logger: Logger
  /** 1 for the first try, 2 for the first retry... */
  readonly attempt: number
  /** Aborted when the process is shutting down: long handlers stop between batches and let the next run finish. */
  readonly signal: AbortSignal
  /** Adds to the run's "items processed" figure (run history). */
  processed: (count: number) => void
  /**
   * Renews the run's lock: long handlers call it between batches so another process never takes the job for dead
   * while it is still working. A no-op outside the scheduler.
   */
  extendLock: () => Promise<void>
}

export interface JobDefinition<Data = unknown> {
  /** `<area>.<verb>`, e.g. `trash.purge`; also the Agenda job name. */
  readonly name: string
  readonly description: string
  readonly schedule?: JobSchedule
  /** Runs of this job at once in one process. Default 1. */
  readonly concurrency?: number
  /** A lock older than this is taken to belong to a dead process and the job may run elsewhere (ms). */
  readonly lockLifetimeMs: number
  /** Tries before a run is marked failed (1 = no retry). */
  readonly attempts: number
  /** First retry delay in ms; each further retry doubles it. */
  readonly backoffMs: number
  /** The payload's schema; a payload it refuses fails the run with the schema's message and changes nothing. */
  readonly data: z.ZodType<Data>
  run(context: JobRunContext<Data>): Promise<void>
}

/** Identity at runtime; gives a declaration its types. */
export function defineJob<Data>(definition: JobDefinition<Data>): JobDefinition<Data> {
  return definition
}
