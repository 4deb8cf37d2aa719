import type { Agenda, Job } from 'agenda'
import { ObjectId } from 'mongodb'
import type { Database } from '../db/connect.js'
import type { Logger } from '../logger.js'
import { JOBS_COLLECTION, jobRunModel } from './run-history.js'
import { WORKER_NAME } from './run-job.js'

/**
 * The jobs running in this process, from Agenda's `start` to its `complete` (emitted after Agenda saved the job's
 * state and released its lock), each with the abort signal its handler sees.
 */
export class RunTracker {
  private readonly running = new Map<string, AbortController>()
  private readonly waiters = new Set<() => void>()

  watch(agenda: Agenda): void {
    agenda.on('start', (job: Job) => {
      this.controllerOf(String(job.attrs._id))
    })
    agenda.on('complete', (job: Job) => {
      this.running.delete(String(job.attrs._id))
      for (const wake of this.waiters) wake()
    })
  }

  signalFor(jobId: string): AbortSignal {
    return this.controllerOf(jobId).signal
  }

  ids(): string[] {
    return [...this.running.keys()]
  }

  abortAll(): void {
    for (const controller of this.running.values()) controller.abort()
  }

  /** Resolves true once nothing runs, false after `ms`. */
  async idle(ms: number): Promise<boolean> {
    if (this.running.size === 0) return true
    return new Promise<boolean>((resolve) => {
      const done = (result: boolean): void => {
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve(result)
      }
      const check = (): void => {
        if (this.running.size === 0) done(true)
      }
      const timer = setTimeout(() => {
        done(false)
      }, ms)
      this.waiters.add(check)
    })
  }

  private controllerOf(jobId: string): AbortController {
    let controller = this.running.get(jobId)
    if (!controller) {
      controller = new AbortController()
      this.running.set(jobId, controller)
    }
    return controller
  }
}

/** After the grace time, aborted handlers get this long to stop between batches before their locks are released. */
const ABORT_WAIT_MS = 2000

/**
 * The shutdown of the scheduler: stop polling (Agenda unlocks what it had locked but not started), wait for running
 * jobs up to the grace time, then abort them and release their locks so another process runs them at once instead
 * of waiting out the lock lifetime; their runs are marked interrupted.
 */
export async function drainRuns(
  agenda: Agenda,
  tracker: RunTracker,
  options: { graceMs: number; logger: Logger; db: Database },
): Promise<void> {
  const { logger } = options
  await agenda.stop(false)
  logger.info('job scheduler stopping', { running: tracker.ids().length, graceMs: options.graceMs })
  if (await tracker.idle(options.graceMs)) return
  tracker.abortAll()
  if (await tracker.idle(ABORT_WAIT_MS)) return
  const left = tracker.ids()
  const ids = left.filter((id) => ObjectId.isValid(id)).map((id) => new ObjectId(id))
  await options.db.connection
    .collection(JOBS_COLLECTION)
    .updateMany({ _id: { $in: ids } }, { $set: { lockedAt: null } })
  await jobRunModel(options.db.connection).updateMany(
    { jobId: { $in: left }, outcome: 'running', worker: WORKER_NAME },
    { $set: { outcome: 'interrupted', endedAt: new Date(), error: 'the process stopped before this run finished' } },
  )
  logger.warn('jobs unlocked at shutdown', { jobIds: left })
}
