import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Scheduler } from '../../src/jobs/agenda.js'
import { defineJob, type JobDefinition } from '../../src/jobs/define-job.js'
import { JOBS_COLLECTION } from '../../src/jobs/run-history.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { eventually, runsOf, schedulerFor, TEST_JOB_ENV } from './helpers.js'

// Two apps on one database, each with its own scheduler (the real Agenda set-up of src/jobs/agenda.ts) running the
// same test jobs: Agenda's locks must run every occurrence once.

const ticks: Array<{ app: string; at: number }> = []
const work = new Map<number, string[]>()
let inFlight = 0
let maxInFlight = 0
let strictCalls = 0

function testJobs(app: string): JobDefinition[] {
  return [
    defineJob({
      name: 'test.tick',
      description: 'every second',
      schedule: { every: '1 second' },
      lockLifetimeMs: 60_000,
      attempts: 1,
      backoffMs: 100,
      data: z.strictObject({}),
      async run() {
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        ticks.push({ app, at: Date.now() })
        await new Promise((resolve) => setTimeout(resolve, 50))
        inFlight -= 1
      },
    }),
    defineJob({
      name: 'test.hourly',
      description: 'stored schedule that a restart must leave alone',
      schedule: { every: '1 hour' },
      lockLifetimeMs: 60_000,
      attempts: 1,
      backoffMs: 100,
      data: z.strictObject({}),
      run: () => Promise.resolve(),
    }),
    defineJob({
      name: 'test.work',
      description: 'queued work',
      concurrency: 4,
      lockLifetimeMs: 60_000,
      attempts: 1,
      backoffMs: 100,
      data: z.strictObject({ id: z.number().int() }),
      async run({ data, processed }) {
        work.set(data.id, [...(work.get(data.id) ?? []), app])
        processed(1)
        await new Promise((resolve) => setTimeout(resolve, 20))
      },
    }),
    defineJob({
      name: 'test.flaky',
      description: 'always fails',
      lockLifetimeMs: 60_000,
      attempts: 3,
      backoffMs: 300,
      data: z.strictObject({}),
      run: () => Promise.reject(new Error('the partner API answered 502')),
    }),
    defineJob({
      name: 'test.strict',
      description: 'refuses bad payloads',
      lockLifetimeMs: 60_000,
      attempts: 3,
      backoffMs: 100,
      data: z.strictObject({ count: z.number().int().min(1) }),
      run() {
        strictCalls += 1
        return Promise.resolve()
      },
    }),
  ]
}

let one: TestApp
let two: TestApp
const schedulers: Scheduler[] = []
/** The scheduler of app one (0) or two (1). */
const scheduler = (index: number): Scheduler => {
  const found = schedulers[index]
  if (!found) throw new Error(`no scheduler ${String(index)}`)
  return found
}

beforeAll(async () => {
  one = await buildTestApp('jobs_scheduler', { env: TEST_JOB_ENV })
  two = await buildTestApp('jobs_scheduler', { dbUri: one.dbUri, env: TEST_JOB_ENV })
  schedulers.push(schedulerFor(one, testJobs('one')), schedulerFor(two, testJobs('two')))
  await Promise.all(schedulers.map((s) => s.start()))
})

afterAll(async () => {
  await Promise.all(schedulers.map((s) => s.stop(5_000)))
  await Promise.all([one.close(), two.close()])
})

describe('two apps on one database', () => {
  it('when both schedule a job every second, then it is stored once and each occurrence runs once', async () => {
    const stored = await one.context.db.connection.collection(JOBS_COLLECTION).find({ name: 'test.tick' }).toArray()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ type: 'single', repeatInterval: '1 second' })
    expect(await eventually(() => ticks.length >= 4, 30_000)).toBe(true)
    expect(maxInFlight).toBe(1)
    // A second run of one occurrence would start right after the first; occurrences are a second apart.
    const starts = ticks.map((tick) => tick.at).sort((a, b) => a - b)
    const gaps = starts.slice(1).map((start, i) => start - (starts[i] ?? 0))
    for (const gap of gaps) expect(gap).toBeGreaterThan(500)
    const runs = await runsOf(one, 'test.tick')
    expect(runs.length).toBeGreaterThanOrEqual(4)
    expect(new Set(runs.map((run) => run.jobId))).toEqual(new Set([String(stored[0]?._id)]))
    await scheduler(0).agenda().cancel({ name: 'test.tick' })
  })

  it('when 20 jobs are queued for now, then each runs exactly once across both apps, each with its run recorded', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, id) =>
        scheduler(id % 2)
          .agenda()
          .now('test.work', { id }),
      ),
    )
    expect(await eventually(async () => (await runsOf(one, 'test.work')).filter((r) => r.endedAt).length >= 20)).toBe(
      true,
    )
    // Time for a wrong second run to show up.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect([...work.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    for (const [id, apps] of work) expect(apps, `runs of job ${String(id)}`).toHaveLength(1)
    const runs = await runsOf(one, 'test.work')
    expect(runs).toHaveLength(20)
    for (const run of runs) expect(run).toMatchObject({ outcome: 'succeeded', attempt: 1, processed: 1, error: null })
  })
})

describe('a process starting next to running ones', () => {
  it('when a job is paused and held by a peer, then a new process leaves its pause and its lock alone', async () => {
    const stored = one.context.db.connection.collection(JOBS_COLLECTION)
    expect(await scheduler(0).agenda().disable({ name: 'test.hourly' })).toBe(1)
    const lockedAt = new Date()
    await stored.updateOne({ name: 'test.hourly' }, { $set: { lockedAt } })
    const late = schedulerFor(two, testJobs('late'))
    await late.start()
    await late.stop(5_000)
    expect(await stored.findOne({ name: 'test.hourly' })).toMatchObject({ disabled: true, lockedAt })
    expect(await stored.countDocuments({ name: 'test.hourly' })).toBe(1)
  })
})

describe('failures', () => {
  it('when a job throws, then it is retried with exponential backoff, then failed; every try is in the run history', async () => {
    await scheduler(0).agenda().now('test.flaky', {})
    expect(await eventually(async () => (await runsOf(one, 'test.flaky')).some((r) => r.outcome === 'failed'))).toBe(
      true,
    )
    const runs = await runsOf(one, 'test.flaky')
    expect(runs.map((r) => [r.attempt, r.outcome])).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'failed'],
    ])
    for (const run of runs) expect(run).toMatchObject({ attempts: 3, error: 'the partner API answered 502' })
    // Backoff: 300 ms before the second try, 600 ms before the third (lower bounds; a loaded machine only adds).
    const gap = (a: number, b: number): number =>
      (runs[b]?.startedAt.getTime() ?? 0) - (runs[a]?.endedAt?.getTime() ?? Number.POSITIVE_INFINITY)
    expect(gap(0, 1)).toBeGreaterThanOrEqual(250)
    expect(gap(1, 2)).toBeGreaterThanOrEqual(550)
    const stored = await one.context.db.connection.collection(JOBS_COLLECTION).findOne({ name: 'test.flaky' })
    expect(stored).toMatchObject({ failCount: 3, failReason: 'the partner API answered 502' })
  })

  it('when a job gets a malformed payload, then that run fails at once naming the field, and the handler never runs', async () => {
    await scheduler(1).agenda().now('test.strict', { count: 'many' })
    expect(await eventually(async () => (await runsOf(one, 'test.strict')).some((r) => r.outcome === 'failed'))).toBe(
      true,
    )
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const runs = await runsOf(one, 'test.strict')
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ attempt: 1, outcome: 'failed' })
    expect(runs[0]?.error).toMatch(/Malformed payload for job test\.strict: count: /)
    expect(strictCalls).toBe(0)
  })
})
