import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import type { AppContext } from '../../src/app-context.js'
import { JOB_DEFINITIONS } from '../../src/jobs/index.js'
import { notificationsRemind } from '../../src/jobs/notifications.remind.js'
import { jobRunModel } from '../../src/jobs/run-history.js'
import { runJob } from '../../src/jobs/run-job.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { notificationModel } from '../../src/notifications/notification.js'
import { CLAIM_LEASE_MS, reminderSentModel } from '../../src/notifications/reminder-sent.js'
import { outboxModel } from '../../src/outbox/outbox-entry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bindTasks, contextWithTasks, inboxOf } from './task-resource.js'

// The `notifications.remind` job, run through runJob on the app's context with the test resource in its list: the
// clock is the run's `at` payload, so nothing races the real time.

const DAY = 86_400_000
/** The run's clock: mid-morning UTC. */
const NOW = new Date('2026-03-10T09:30:00.000Z')
const at = (date: Date) => ({ at: date.toISOString() })
const job: Actor = { kind: 'job', name: 'test.remind' }

let t: TestApp
let tasks: ResourceService
let context: AppContext
let assignee: TestUser

beforeAll(async () => {
  t = await buildTestApp('notify_remind')
  tasks = bindTasks(t)
  context = contextWithTasks(t, tasks)
})
afterAll(async () => {
  await t.close()
})
beforeEach(async () => {
  // Each test starts with no live tasks, so only its own are due.
  await tasks.model.updateMany({ deletedAt: null }, { $set: { deletedAt: new Date(), deletedBy: 'test' } })
  assignee = await createUser(t, { name: 'Assignee' })
})

async function task(title: string, dueDate: Date | null): Promise<string> {
  const created = await tasks.create(job, { title, assignees: [assignee.id], dueDate })
  return String(created._id)
}

function remindersOf(user: TestUser) {
  return inboxOf(t, user).then((all) => all.filter((n) => n.kind === 'task.due'))
}

describe('notifications.remind', () => {
  it('is declared in the job list, hourly', () => {
    expect(JOB_DEFINITIONS).toContain(notificationsRemind)
    expect(notificationsRemind.schedule).toEqual({ every: '1 hour' })
  })

  it('when run, reminds of records due within the window, not later ones, long-past ones, done or trashed ones', async () => {
    const today = await task('Due today', new Date('2026-03-10T00:00:00.000Z'))
    const tomorrow = await task('Due tomorrow', new Date('2026-03-11T00:00:00.000Z'))
    await task('Due in three days', new Date(NOW.getTime() + 3 * DAY))
    await task('Two days late', new Date(NOW.getTime() - 2 * DAY))
    await task('No date', null)
    const done = await task('Done already', new Date('2026-03-11T00:00:00.000Z'))
    await tasks.transition(job, done, { name: 'complete' })
    const trashed = await task('Trashed', new Date('2026-03-11T00:00:00.000Z'))
    await tasks.trash(job, trashed)

    const { runId, processed } = await runJob(context, notificationsRemind, at(NOW))

    const reminders = await remindersOf(assignee)
    expect(reminders.map((n) => n.recordId).sort()).toEqual([today, tomorrow].sort())
    expect(reminders.find((n) => n.recordId === tomorrow)).toMatchObject({
      message: '"Due tomorrow" is due soon',
      resource: 'notify_tasks',
      actor: `job:notifications.remind`,
      read: false,
    })
    expect(processed).toBe(2)
    expect(await jobRunModel(t.context.db.connection).findById(runId).lean()).toMatchObject({
      job: 'notifications.remind',
      outcome: 'succeeded',
      processed: 2,
    })
    expect(await reminderSentModel(t.context.db.connection).find({ recordId: tomorrow }).lean()).toMatchObject([
      { reminder: 'task.due', due: '2026-03-11T00:00:00.000Z', state: 'sent' },
    ])
  })

  it('when run twice, or by two schedulers at once, each reminder is sent once', async () => {
    const id = await task('Once only', new Date('2026-03-11T00:00:00.000Z'))
    await Promise.all([runJob(context, notificationsRemind, at(NOW)), runJob(context, notificationsRemind, at(NOW))])
    const again = await runJob(context, notificationsRemind, at(new Date(NOW.getTime() + 3_600_000)))

    expect((await remindersOf(assignee)).map((n) => n.recordId)).toEqual([id])
    expect(again.processed).toBe(0)
    expect(await reminderSentModel(t.context.db.connection).countDocuments({ recordId: id })).toBe(1)
  })

  it('when the date moves, the new date gets its own reminder', async () => {
    const id = await task('Moved', new Date('2026-03-11T00:00:00.000Z'))
    await runJob(context, notificationsRemind, at(NOW))
    await tasks.update(job, id, { dueDate: '2026-03-20' })
    await runJob(context, notificationsRemind, at(new Date('2026-03-19T08:00:00.000Z')))

    const sent = await reminderSentModel(t.context.db.connection).find({ recordId: id }).sort({ due: 1 }).lean()
    expect(sent.map((entry) => entry.due)).toEqual(['2026-03-11T00:00:00.000Z', '2026-03-20T00:00:00.000Z'])
    expect(await remindersOf(assignee)).toHaveLength(2)
  })

  it('when another run holds a fresh claim it is left alone; a claim abandoned past its lease is taken over', async () => {
    const held = await task('Held', new Date('2026-03-11T00:00:00.000Z'))
    const abandoned = await task('Abandoned', new Date('2026-03-11T00:00:00.000Z'))
    const sent = reminderSentModel(t.context.db.connection)
    const claim = {
      resource: 'notify_tasks',
      reminder: 'task.due',
      due: '2026-03-11T00:00:00.000Z',
      state: 'claimed' as const,
    }
    await sent.create({ ...claim, recordId: held, claimedAt: NOW })
    await sent.create({ ...claim, recordId: abandoned, claimedAt: new Date(NOW.getTime() - CLAIM_LEASE_MS - 1) })

    await runJob(context, notificationsRemind, at(NOW))

    expect((await remindersOf(assignee)).map((n) => n.recordId)).toEqual([abandoned])
    expect(await sent.findOne({ recordId: abandoned }).lean()).toMatchObject({ state: 'sent' })
    expect(await sent.findOne({ recordId: held }).lean()).toMatchObject({ state: 'claimed' })
  })

  it('when the recipient opted in to mail, the reminder is also queued in the outbox once', async () => {
    await t.context.models.users.updateOne({ _id: assignee.id }, { $set: { notifyByEmail: true } })
    const id = await task('Mailed', new Date('2026-03-11T00:00:00.000Z'))
    await runJob(context, notificationsRemind, at(NOW))
    await runJob(context, notificationsRemind, at(NOW))

    const mails = await outboxModel(t.context.db.connection)
      .find({ origin: `notification reminder:task.due:notify_tasks:${id}:2026-03-11T00:00:00.000Z` })
      .lean()
    expect(mails.map((mail) => mail.payload.to)).toEqual([assignee.email])
  })

  it("when one record's reminder fails, the others are sent, the run fails to be retried, and the claim is let go", async () => {
    const fine = await task('Fine', new Date('2026-03-10T00:00:00.000Z'))
    const broken = await task('boom: no directory', new Date('2026-03-10T00:00:00.000Z'))

    await expect(runJob(context, notificationsRemind, at(NOW))).rejects.toThrow('1 reminder(s) failed')

    expect((await remindersOf(assignee)).map((n) => n.recordId).sort()).toEqual([broken, fine].sort())
    const runs = await jobRunModel(t.context.db.connection)
      .find({ job: 'notifications.remind' })
      .sort({ startedAt: -1 })
    expect(runs[0]).toMatchObject({ outcome: 'retrying', error: '1 reminder(s) failed; see the log' })
    const sent = reminderSentModel(t.context.db.connection)
    expect(await sent.find({ recordId: broken, reminder: 'task.escalate' }).lean()).toEqual([])
    expect(await sent.findOne({ recordId: broken, reminder: 'task.due' }).lean()).toMatchObject({ state: 'sent' })
  })

  it('when the payload is malformed, the run fails naming the field and sends nothing', async () => {
    await task('Not yet', new Date('2026-03-11T00:00:00.000Z'))
    const before = await notificationModel(t.context.db.connection).countDocuments()
    const claims = await reminderSentModel(t.context.db.connection).countDocuments()
    await expect(runJob(context, notificationsRemind, { at: 'tomorrow' })).rejects.toThrow(/at:/)
    expect(await notificationModel(t.context.db.connection).countDocuments()).toBe(before)
    expect(await reminderSentModel(t.context.db.connection).countDocuments()).toBe(claims)
  })
})
