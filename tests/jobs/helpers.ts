import type { Scheduler } from '../../src/jobs/agenda.js'
import { createScheduler } from '../../src/jobs/agenda.js'
import type { JobDefinition } from '../../src/jobs/define-job.js'
import { jobRunModel, type JobRun } from '../../src/jobs/run-history.js'
import type { TestApp } from '../setup/app.js'

/** Polls fast enough for tests; production polls every 5 s. */
export const TEST_JOB_ENV = { JOBS_POLL_MS: '200', JOBS: 'off' }

/** A scheduler of this app's context running only `definitions` (the real scheduler code, test jobs). */
export function schedulerFor(t: TestApp, definitions: readonly JobDefinition[]): Scheduler {
  return createScheduler(() => t.context, definitions)
}

export async function runsOf(t: TestApp, job: string): Promise<JobRun[]> {
  return jobRunModel(t.context.db.connection).find({ job }).sort({ startedAt: 1, attempt: 1 }).lean()
}

/** Polls `check` until true or `timeoutMs` (generous: the machine is shared). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
