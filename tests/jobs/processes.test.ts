import { hostname } from 'node:os'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recoverPendingAudits } from '../../src/audit/recovery.js'
import { JOBS_COLLECTION, jobRunModel } from '../../src/jobs/run-history.js'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'
import { eventually, TEST_JOB_ENV } from './helpers.js'
import { killLeftovers, startProcess } from './processes.js'

// The deployment shapes of the README: web processes with JOBS=off next to `npm run worker`, and a SIGTERM while a
// job runs. The test process only observes the database and queues jobs (its own scheduler never starts).

let observer: TestApp
beforeAll(async () => {
  observer = await buildTestApp('jobs_processes', { env: TEST_JOB_ENV })
})
afterAll(async () => {
  killLeftovers()
  await observer.close()
})

const runs = () => jobRunModel(observer.context.db.connection)

describe('npm run worker next to an app with JOBS=off', () => {
  it('when jobs are queued, then the worker runs them all and the app none; both stop with exit 0', async () => {
    const env = { MONGO_URL: observer.dbUri }
    const app = startProcess('main', { ...env, JOBS: 'off' })
    const worker = startProcess('worker', env)
    const { port } = await app.waitFor((line) => line.message === 'server listening')
    const started = await worker.waitFor((line) => line.message === 'job scheduler started')
    const agenda = observer.context.jobs.agenda()
    for (let i = 0; i < 3; i += 1) await agenda.now('housekeeping.expire', {})
    expect(
      await eventually(
        async () => (await runs().countDocuments({ job: 'housekeeping.expire', outcome: 'succeeded' })) === 3,
        60_000,
      ),
    ).toBe(true)
    const workers = await runs().distinct('worker', { job: 'housekeeping.expire' })
    expect(started.worker).toMatch(new RegExp(`^${hostname()}:\\d+$`))
    expect(workers).toEqual([started.worker])
    // The worker stored the declared schedules; nothing of the app's process ever locked a job.
    const jobs = await observer.context.db.connection.collection(JOBS_COLLECTION).find().toArray()
    expect(jobs.map((job) => job.name)).toEqual(expect.arrayContaining(['trash.purge', 'audit.reconcile']))
    expect(new Set(jobs.map((job) => job.lastModifiedBy))).toEqual(new Set([started.worker]))
    await app.waitFor((line) => line.message === 'admin panel mounted')
    const ready = await fetch(`http://127.0.0.1:${String(port)}/readyz`)
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', admin: 'ok' } })

    app.process.kill('SIGTERM')
    worker.process.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(await worker.exited).toBe(0)
    expect(worker.lines.some((line) => line.message === 'shutdown complete')).toBe(true)
  }, 180_000)

  it('when the worker has no MONGO_URL, then it refuses to start with a clear message', async () => {
    const worker = startProcess('worker', { MONGO_URL: '', Mongo_URL: '' })
    expect(await worker.exited).toBe(1)
  }, 60_000)
})

/** Trashed bookings past retention, stored directly (fixtures: only the purge's destroys are under test). */
async function trashedBacklog(count: number): Promise<Types.ObjectId[]> {
  const srdev = await createUser(observer, { role: 'srdev' })
  const bookings = observer.context.resources.bookings.model.collection
  const template = await bookings.findOne({ _id: new Types.ObjectId((await seedBooking(observer, srdev))._id) })
  const old = new Date(Date.now() - 200 * 86_400_000)
  const backlog = Array.from({ length: count }, () => ({ ...template, _id: new Types.ObjectId(), deletedAt: old }))
  await bookings.insertMany(backlog)
  return backlog.map((b) => b._id)
}

describe('SIGTERM while a job runs', () => {
  it('when the purge is running, then it finishes within the grace time and the app exits 0', async () => {
    const backlog = (await trashedBacklog(300)).map((_id) => ({ _id }))

    // A grace far longer than the purge needs even on a loaded machine: the app exits as soon as the run finishes.
    const app = startProcess('main', { MONGO_URL: observer.dbUri, JOBS_GRACE_MS: '150000' })
    await app.waitFor((line) => line.message === 'server listening')
    await observer.context.jobs.agenda().now('trash.purge', {})
    expect(
      await eventually(
        async () => (await runs().countDocuments({ job: 'trash.purge', outcome: 'running' })) === 1,
        60_000,
      ),
    ).toBe(true)
    app.process.kill('SIGTERM')

    expect(await app.exited).toBe(0)
    const run = await runs().findOne({ job: 'trash.purge' }).lean()
    expect(run).toMatchObject({ outcome: 'succeeded', processed: 300 })
    const left = { _id: { $in: backlog.map((b) => b._id) } }
    expect(await observer.context.resources.bookings.model.collection.countDocuments(left)).toBe(0)
    const job = await observer.context.db.connection
      .collection(JOBS_COLLECTION)
      .findOne({ name: 'trash.purge', repeatInterval: null })
    expect(job?.lockedAt ?? null).toBeNull()
    const at = (message: string): number => app.lines.findIndex((line) => line.message === message)
    expect(at('shutdown started')).toBeGreaterThanOrEqual(0)
    expect(at('job run finished')).toBeGreaterThan(at('shutdown started'))
    expect(at('shutdown complete')).toBeGreaterThan(at('job run finished'))
  }, 300_000)
})

describe('SIGTERM when the grace time is too short', () => {
  it('when the purge outlives it, then it is stopped and unlocked, the app exits 0, and the next run carries on', async () => {
    await runs().deleteMany({})
    const ids = await trashedBacklog(400)
    const app = startProcess('main', { MONGO_URL: observer.dbUri, JOBS_GRACE_MS: '0' })
    await app.waitFor((line) => line.message === 'server listening')
    const queued = await observer.context.jobs.agenda().now('trash.purge', {})
    expect(await eventually(async () => (await runs().countDocuments({ outcome: 'running' })) === 1, 60_000)).toBe(true)
    app.process.kill('SIGTERM')
    expect(await app.exited).toBe(0)

    const bookings = observer.context.resources.bookings.model.collection
    const left = await bookings.countDocuments({ _id: { $in: ids } })
    expect(left).toBeGreaterThan(0)
    expect(
      await runs()
        .findOne({ jobId: String(queued.attrs._id) })
        .lean(),
    ).toMatchObject({ outcome: 'interrupted' })
    const job = await observer.context.db.connection.collection(JOBS_COLLECTION).findOne({ _id: queued.attrs._id })
    expect(job?.lockedAt ?? null).toBeNull()

    // The next process takes the job at once (no lock to wait out) and finishes the backlog. Like any starting
    // process (start-app.ts), it first resolves the audit entries the stopped one left pending: a destroy cut off by
    // the shutdown leaves one, and a purge meeting it would fail and retry until audit.reconcile came by.
    await recoverPendingAudits(observer.context.db.connection, observer.context.resources.audit)
    await observer.context.jobs.start()
    await observer.context.jobs.agenda().now('trash.purge', {})
    // A limit, not a speed check: the full suite on a loaded 2-core machine once needed more than 90 s here.
    expect(await eventually(async () => (await bookings.countDocuments({ _id: { $in: ids } })) === 0, 200_000)).toBe(
      true,
    )
    await observer.context.jobs.stop(10_000)
  }, 360_000)
})
