import { Writable } from 'node:stream'
import { Types } from 'mongoose'
import request from 'supertest'
import winston from 'winston'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changedIn } from '../../src/jobs/audit-gaps.js'
import { auditReconcileJob } from '../../src/jobs/audit.reconcile.js'
import { housekeepingExpireJob } from '../../src/jobs/housekeeping.expire.js'
import { JOBS_COLLECTION, jobRunModel } from '../../src/jobs/run-history.js'
import { runJob } from '../../src/jobs/run-job.js'
import { trashPurgeJob } from '../../src/jobs/trash.purge.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, auditOf, seedBooking, storedBooking } from '../setup/resource-app.js'
import { eventually, TEST_JOB_ENV } from './helpers.js'

let t: TestApp
let srdev: TestUser
const logged: string[] = []
const capture = new winston.transports.Stream({
  stream: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString('utf8'))
      done()
    },
  }),
})

beforeAll(async () => {
  t = await buildTestApp('jobs_first', { env: TEST_JOB_ENV })
  srdev = await createUser(t, { role: 'srdev' })
  t.context.logger.add(capture)
})
afterAll(async () => {
  t.context.logger.remove(capture)
  await t.context.jobs.stop(5_000)
  await t.close()
})

const DAY = 86_400_000

async function trashedAt(id: string, at: Date): Promise<void> {
  const actor = await actorOf(t, srdev)
  await t.context.resources.bookings.trash(actor, id)
  await t.context.resources.bookings.model.collection.updateOne(
    { _id: new Types.ObjectId(id) },
    { $set: { deletedAt: at } },
  )
}

describe('trash.purge', () => {
  it('when run, destroys a booking trashed beyond retention (audited as the run), keeps one on legal hold and a recent one', async () => {
    const expired = await seedBooking(t, srdev)
    const held = await seedBooking(t, srdev, { term_2: 50 })
    const recent = await seedBooking(t, srdev)
    await trashedAt(expired._id, new Date(Date.now() - 91 * DAY))
    await trashedAt(held._id, new Date(Date.now() - 91 * DAY))
    await trashedAt(recent._id, new Date(Date.now() - 2 * DAY))

    const { runId, processed } = await runJob(t.context, trashPurgeJob, {})

    expect(processed).toBe(1)
    expect(await storedBooking(t, expired._id)).toBeNull()
    expect(await storedBooking(t, held._id)).not.toBeNull()
    expect(await storedBooking(t, recent._id)).not.toBeNull()
    expect((await auditOf(t, expired._id)).at(-1)).toMatchObject({
      action: 'destroy',
      status: 'committed',
      actor: { kind: 'job', name: 'trash.purge', runId },
      reason: 'retention period over',
    })
    expect(await jobRunModel(t.context.db.connection).findById(runId).lean()).toMatchObject({
      job: 'trash.purge',
      outcome: 'succeeded',
      processed: 1,
    })
  })

  it('when purging, works in batches and stops between batches once aborted', async () => {
    // Only this test's bookings are in the trash: the first test leaves one on legal hold.
    await t.context.resources.bookings.model.collection.updateMany(
      { deletedAt: { $ne: null } },
      { $set: { deletedAt: new Date() } },
    )
    const ids = []
    for (let i = 0; i < 5; i += 1) ids.push((await seedBooking(t, srdev))._id)
    for (const id of ids) await trashedAt(id, new Date(Date.now() - 100 * DAY))
    const controller = new AbortController()
    const batches: number[] = []
    const outcome = await t.context.resources.bookings.purgeExpired(new Date(), undefined, {
      batchSize: 2,
      signal: controller.signal,
      afterBatch: (batch) => {
        batches.push(batch.purged)
        if (batches.length === 2) controller.abort()
        return Promise.resolve()
      },
    })
    expect(batches).toEqual([2, 2])
    expect(outcome).toEqual({ purged: 4, held: 0, referenced: 0 })
    const left = { _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }
    expect(await t.context.resources.bookings.model.collection.countDocuments(left)).toBe(1)
  })

  it('when given a payload it does not take, fails the run naming the field and deletes nothing', async () => {
    const expired = await seedBooking(t, srdev)
    await trashedAt(expired._id, new Date(Date.now() - 91 * DAY))
    await expect(runJob(t.context, trashPurgeJob, { everything: true })).rejects.toThrow(
      /Malformed payload.*everything/,
    )
    expect(await storedBooking(t, expired._id)).not.toBeNull()
  })
})

describe('audit.reconcile', () => {
  it('when a killed process left a pending entry, the running survivor resolves it without a restart', async () => {
    const victim = await buildTestApp('jobs_first', { dbUri: t.dbUri, env: TEST_JOB_ENV })
    const booking = await seedBooking(t, srdev)
    const died = new Error('process killed')
    await expect(
      victim.context.resources.bookings.update(
        await actorOf(victim, srdev),
        booking._id,
        { status: 'Completed' },
        {
          hooks: { afterDocumentWrite: () => Promise.reject(died) },
        },
      ),
    ).rejects.toBe(died)
    await victim.close()
    // The crash happened two minutes ago: past the job's safety margin.
    const audit = t.context.resources.audit
    await audit.updateOne(
      { documentId: new Types.ObjectId(booking._id), status: 'pending' },
      {
        $set: { at: new Date(Date.now() - 120_000) },
      },
    )

    await t.context.jobs.start()
    const job = await t.context.jobs.agenda().now('audit.reconcile', {})
    expect(
      await eventually(async () => (await auditOf(t, booking._id)).every((entry) => entry.status === 'committed')),
    ).toBe(true)
    expect((await auditOf(t, booking._id)).map((e) => [e.revision, e.action, e.status])).toEqual([
      [1, 'create', 'committed'],
      [2, 'update', 'committed'],
    ])
    const run = await eventually(async () =>
      Boolean(
        await jobRunModel(t.context.db.connection).findOne({ jobId: String(job.attrs._id), outcome: 'succeeded' }),
      ),
    )
    expect(run).toBe(true)
    const ready = await request(t.app).get('/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: 'ok', jobs: 'ok' } })
  })

  it('when a revision lacks its committed entry, logs the violation as an error naming the document', async () => {
    const booking = await seedBooking(t, srdev)
    await t.context.resources.bookings.update(await actorOf(t, srdev), booking._id, { status: 'Completed' })
    await t.context.resources.audit.deleteOne({ documentId: new Types.ObjectId(booking._id), revision: 2 })
    await runJob(t.context, auditReconcileJob, { olderThanMs: 0 })
    expect(
      await eventually(() =>
        logged.some((line) => line.includes('audit invariant violated') && line.includes(booking._id)),
      ),
    ).toBe(true)
    const line = logged.find((l) => l.includes(booking._id)) ?? '{}'
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      resource: 'bookings',
      documents: [{ documentId: booking._id, revision: 2, missing: [2] }],
    })
  })
})

describe('audit.reconcile reads changed documents through an index', () => {
  it('when it looks for the documents changed in its window, every audited collection uses its updatedAt index', async () => {
    const window = { since: new Date(Date.now() - 60_000), until: new Date() }
    const audited = t.context.resources.all.filter((service) => service.def.audit)
    expect(audited.length).toBeGreaterThan(50)
    for (const service of audited) {
      const explained = await service.model
        .find(changedIn(window))
        .sort({ updatedAt: 1 })
        .explain('queryPlanner')
      const indexes = [...JSON.stringify(explained).matchAll(/"indexName":"([^"]+)"/g)].map((match) => match[1])
      expect(indexes, service.def.resource).toEqual(['updatedAt_1'])
    }
  })
})

describe('housekeeping.expire', () => {
  it('when run, clears expired reset tokens, marks runs left running by a dead process interrupted, drops old finished one-off jobs', async () => {
    const user = await createUser(t, { role: 'user' })
    await t.context.models.users.updateOne(
      { _id: user.id },
      { $set: { resetPasswordToken: 'a'.repeat(64), resetPasswordExpires: new Date(Date.now() - 1000) } },
    )
    const runs = jobRunModel(t.context.db.connection)
    await runs.create({
      _id: `dead-${user.id}`,
      job: 'trash.purge',
      startedAt: new Date(Date.now() - DAY),
      outcome: 'running',
      attempt: 1,
      attempts: 3,
      worker: 'gone:1',
    })
    const agendaJobs = t.context.db.connection.collection(JOBS_COLLECTION)
    const old = new Date(Date.now() - 40 * DAY)
    const { insertedIds } = await agendaJobs.insertMany([
      { name: 'trash.purge', type: 'normal', nextRunAt: null, lockedAt: null, lastFinishedAt: old },
      { name: 'trash.purge', type: 'normal', nextRunAt: null, lockedAt: null, lastFinishedAt: new Date() },
    ])
    const { processed } = await runJob(t.context, housekeepingExpireJob, {})
    expect(processed).toBeGreaterThanOrEqual(3)
    expect(await agendaJobs.countDocuments({ _id: insertedIds[0] })).toBe(0)
    expect(await agendaJobs.countDocuments({ _id: insertedIds[1] })).toBe(1)
    const stored = await t.context.models.users
      .findById(user.id)
      .select('+resetPasswordToken +resetPasswordExpires')
      .lean()
    expect(stored).toMatchObject({ resetPasswordToken: null, resetPasswordExpires: null })
    expect(await runs.findById(`dead-${user.id}`).lean()).toMatchObject({ outcome: 'interrupted' })
  })
})
