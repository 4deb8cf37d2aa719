import { Agenda } from 'agenda'
import type { Job } from 'agenda'
import { MongoBackend } from '@agendajs/mongo-backend'
import { ObjectId } from 'mongodb'
import type { Collection } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDbUri } from '../setup/db.js'
import { closeTestDb, openTestDb, sleep, waitFor } from './helpers/mongo.js'
import type { TestDb } from './helpers/mongo.js'

interface WorkData {
  id: number
}

const uri = freshDbUri('agenda')
let observer: TestDb
let jobs: Collection
const agendas: Agenda[] = []

let ticks = 0
const runs = new Map<number, number>()
const runsByWorker = new Map<string, number>()
let slowRunning = false
let releaseSlow: () => void = () => undefined

function newWorker(name: string): Agenda {
  const agenda = new Agenda({ backend: new MongoBackend({ address: uri }), processEvery: 200, name })
  agenda.define('tick', async () => {
    ticks += 1
    await Promise.resolve()
  })
  agenda.define('work', async (job: Job<WorkData>) => {
    runs.set(job.attrs.data.id, (runs.get(job.attrs.data.id) ?? 0) + 1)
    runsByWorker.set(name, (runsByWorker.get(name) ?? 0) + 1)
    await sleep(30)
  })
  agenda.define('slow', async () => {
    slowRunning = true
    await new Promise<void>((resolve) => {
      releaseSlow = resolve
    })
    slowRunning = false
  })
  agenda.define('never', async () => {
    await Promise.resolve()
    throw new Error('a cancelled job must not run')
  })
  agendas.push(agenda)
  return agenda
}

let workerOne: Agenda
let workerTwo: Agenda

beforeAll(async () => {
  observer = await openTestDb('agenda', uri)
  jobs = observer.db.collection('agendaJobs')
  workerOne = newWorker('worker-1')
  workerTwo = newWorker('worker-2')
  await Promise.all([workerOne.start(), workerTwo.start()])
})

afterAll(async () => {
  releaseSlow()
  await Promise.all(agendas.map((agenda) => agenda.stop()))
  await closeTestDb(observer)
})

describe('agenda: two workers on one database', () => {
  it('when both workers start, then the job-locking index exists on the jobs collection', async () => {
    const names = (await jobs.indexes()).map((i) => i.name)
    expect(names).toContain('findAndLockNextJobIndex')
  })

  it('when both workers schedule every 1 second, then the job is stored once as single and runs repeatedly', async () => {
    await workerOne.every('1 second', 'tick')
    await workerTwo.every('1 second', 'tick')
    const stored = await jobs.find({ name: 'tick' }).toArray()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ name: 'tick', type: 'single', repeatInterval: '1 second' })
    expect(await waitFor(() => ticks >= 3, 6_000)).toBe(true)
    const after = await jobs.findOne({ name: 'tick' })
    expect(after?.lastRunAt).toBeInstanceOf(Date)
    expect((after?.nextRunAt as Date).getTime()).toBeGreaterThan((after?.lastRunAt as Date).getTime())
    expect(await workerOne.cancel({ name: 'tick' })).toBe(1)
  })

  it('when 20 jobs are queued for now, then each runs exactly once across both workers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, id) => (id % 2 === 0 ? workerOne : workerTwo).now<WorkData>('work', { id })),
    )
    expect(await jobs.countDocuments({ name: 'work' })).toBe(20)
    expect(await waitFor(() => [...runs.values()].reduce((a, b) => a + b, 0) >= 20, 15_000)).toBe(true)
    // Give a second worker time to (wrongly) run a job again.
    await sleep(800)
    expect(runs.size).toBe(20)
    for (let id = 0; id < 20; id += 1) expect(runs.get(id), `runs of job ${id}`).toBe(1)
    expect([...runsByWorker.values()].reduce((a, b) => a + b, 0)).toBe(20)
    expect(
      await waitFor(
        async () => (await jobs.countDocuments({ name: 'work', lastFinishedAt: { $exists: true } })) === 20,
        5_000,
      ),
    ).toBe(true)
  })

  it('when a job runs, then lockedAt is set in the database, and cleared once it finishes', async () => {
    const job = await workerOne.now('slow')
    // Agenda hands out the id as a string; the document's _id is an ObjectId.
    const id = new ObjectId(String(job.attrs._id))
    expect(await waitFor(() => slowRunning, 5_000)).toBe(true)
    const running = await jobs.findOne({ _id: id })
    expect(running?.lockedAt).toBeInstanceOf(Date)
    expect(running?.lastRunAt).toBeInstanceOf(Date)
    releaseSlow()
    expect(await waitFor(async () => (await jobs.findOne({ _id: id }))?.lastFinishedAt instanceof Date, 5_000)).toBe(
      true,
    )
    const finished = await jobs.findOne({ _id: id })
    expect(finished?.lockedAt ?? null).toBeNull()
  })

  it('when jobs are cancelled, then they are removed and never run', async () => {
    await workerOne.schedule('in 10 minutes', 'never', { n: 1 })
    await workerTwo.schedule('in 10 minutes', 'never', { n: 2 })
    await workerOne.schedule('in 20 minutes', 'never', { n: 3 })
    expect(await jobs.countDocuments({ name: 'never' })).toBe(3)
    const listed = await workerOne.queryJobs({ name: 'never' })
    expect(listed.total).toBe(3)
    expect(await workerTwo.cancel({ name: 'never' })).toBe(3)
    expect(await jobs.countDocuments({ name: 'never' })).toBe(0)
  })
})
