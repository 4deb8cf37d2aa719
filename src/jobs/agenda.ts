import { MongoBackend } from '@agendajs/mongo-backend'
import { Agenda, exponential, when, type Job } from 'agenda'
import { ObjectId } from 'mongodb'
import type { AppContext } from '../app-context.js'
import { ValidationError } from '../errors.js'
import type { JobDefinition } from './define-job.js'
import { JOBS_COLLECTION } from './run-history.js'
import { runJob, WORKER_NAME } from './run-job.js'
import { drainRuns, RunTracker } from './run-tracker.js'

export interface SchedulerStatus {
  /** This process takes jobs. */
  readonly running: boolean
  /** When the scheduler last looked for due jobs (a successful query of the jobs collection). */
  readonly lastPollAt: Date | null
  /** Running and polled within three poll intervals (plus slack for a loaded machine). */
  readonly alive: boolean
}

/** The jobs of one app: Agenda on the app's database, registered from the job list. */
export interface Scheduler {
  readonly definitions: readonly JobDefinition[]
  /** The Agenda instance, made on first use so apps that never touch jobs open nothing. */
  agenda(): Agenda
  /** Starts taking jobs in this process and stores the declared schedules. */
  start(): Promise<void>
  /**
   * Stops taking jobs, lets running ones finish within `graceMs`, then aborts and unlocks the rest (another process
   * takes them over). The database stays open: the caller closes it.
   */
  stop(graceMs: number): Promise<void>
  status(): SchedulerStatus
}

function backoffOf(job: JobDefinition): ReturnType<typeof when> | undefined {
  if (job.attempts <= 1) return undefined
  // A refused payload would be refused again: it fails at once.
  return when(
    (context) => !(context.error instanceof ValidationError),
    exponential({ delay: job.backoffMs, factor: 2, maxRetries: job.attempts - 1 }),
  )
}

/**
 * The run an operator requeued this job from (set by dashboard-writes.ts on the job document). Agenda hands handlers
 * only its own fields, so it is read from the document.
 */
async function requeuedFromOf(context: AppContext, job: Job): Promise<string | undefined> {
  const id = String(job.attrs._id)
  if (!ObjectId.isValid(id)) return undefined
  const stored = await context.db.connection
    .collection(JOBS_COLLECTION)
    .findOne({ _id: new ObjectId(id) }, { projection: { requeuedFrom: 1 } })
  const value: unknown = stored?.requeuedFrom
  return typeof value === 'string' ? value : undefined
}

interface Parts {
  context: () => AppContext
  definitions: readonly JobDefinition[]
  tracker: RunTracker
}

function handlerFor(parts: Parts, definition: JobDefinition): (job: Job) => Promise<void> {
  return async (job) => {
    const jobId = String(job.attrs._id)
    const context = parts.context()
    // Agenda resets the failure count only on success: a repeating job whose last occurrence used up its tries
    // starts this occurrence afresh (first try, full retries).
    if ((job.attrs.failCount ?? 0) >= definition.attempts) job.attrs.failCount = 0
    await runJob(context, definition, job.attrs.data, {
      jobId,
      attempt: (job.attrs.failCount ?? 0) + 1,
      signal: parts.tracker.signalFor(jobId),
      requeuedFrom: await requeuedFromOf(context, job),
      extendLock: () => job.touch(),
    })
  }
}

function buildAgenda(parts: Parts, onPoll: () => void): Agenda {
  const { config, db, logger } = parts.context()
  if (!db.connection.db) throw new Error('The database connection is not open')
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db.connection.db, collection: JOBS_COLLECTION }),
    processEvery: config.jobs.pollMs,
    name: WORKER_NAME,
  })
  agenda.on('error', (error: unknown) => {
    logger.error('job scheduler error', { error })
  })
  parts.tracker.watch(agenda)
  for (const definition of parts.definitions) {
    const backoff = backoffOf(definition)
    agenda.define(definition.name, handlerFor(parts, definition), {
      concurrency: definition.concurrency ?? 1,
      lockLifetime: definition.lockLifetimeMs,
      ...(backoff ? { backoff } : {}),
    })
  }
  // Agenda reports no "poll done" event; the repository query each poll makes is the heartbeat /readyz reads.
  const repository = agenda.db
  const next = repository.getNextJobToRun.bind(repository)
  repository.getNextJobToRun = async (...args) => {
    const found = await next(...args)
    onPoll()
    return found
  }
  return agenda
}

/**
 * Stores each declared schedule once. Agenda's `every` rewrites the whole job document (clearing its lock, its pause
 * and its failure count), so it is only called for a schedule that is missing, or that a deploy changed while the job
 * is not running; a process starting next to others never touches a job they hold.
 */
async function storeSchedules(agenda: Agenda, parts: Parts): Promise<void> {
  const { config, db, logger } = parts.context()
  const stored = db.connection.collection(JOBS_COLLECTION)
  for (const { name, schedule } of parts.definitions) {
    if (!schedule) continue
    const interval = 'cron' in schedule ? schedule.cron : schedule.every
    const current = await stored.findOne({ name, type: 'single' })
    const same = current?.repeatInterval === interval && current.repeatTimezone === config.jobs.timezone
    if (same) continue
    if (current?.lockedAt) {
      logger.warn('job schedule change deferred: the job is running', { job: name, interval })
      continue
    }
    // skipImmediate keeps a deploy from running the daily jobs at once.
    await agenda.every(interval, name, {}, { timezone: config.jobs.timezone, skipImmediate: true })
  }
}

export function createScheduler(context: () => AppContext, definitions: readonly JobDefinition[]): Scheduler {
  const parts: Parts = { context, definitions, tracker: new RunTracker() }
  let agenda: Agenda | undefined
  let running = false
  let lastPollAt: Date | null = null
  let startedAt = 0
  const instance = (): Agenda => {
    agenda ??= buildAgenda(parts, () => {
      lastPollAt = new Date()
    })
    return agenda
  }
  return {
    definitions,
    agenda: instance,
    async start() {
      if (running) return
      const { logger } = context()
      await instance().start()
      running = true
      startedAt = Date.now()
      await storeSchedules(instance(), parts)
      logger.info('job scheduler started', { jobs: definitions.map((d) => d.name), worker: WORKER_NAME })
    },
    async stop(graceMs) {
      if (!running || !agenda) return
      running = false
      await drainRuns(agenda, parts.tracker, { graceMs, logger: context().logger, db: context().db })
    },
    status() {
      const pollMs = context().config.jobs.pollMs
      // Until the first poll, the start time stands in for it.
      const last = lastPollAt?.getTime() ?? startedAt
      const alive = running && Date.now() - last < pollMs * 3 + 10_000
      return { running, lastPollAt, alive }
    },
  }
}

/** The shutdown step: stop the scheduler within the configured grace time; a failure is logged, never thrown. */
export function jobsCloser(context: AppContext): () => Promise<void> {
  return async () => {
    try {
      await context.jobs.stop(context.config.jobs.graceMs)
    } catch (error) {
      context.logger.error('job scheduler stop failed', { error })
    }
  }
}
