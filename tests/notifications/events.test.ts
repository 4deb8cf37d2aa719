import { Writable } from 'node:stream'
import { Types } from 'mongoose'
import winston from 'winston'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import { outboxDeliver } from '../../src/jobs/outbox.deliver.js'
import { runJob } from '../../src/jobs/run-job.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { notificationModel } from '../../src/notifications/notification.js'
import { outboxModel } from '../../src/outbox/outbox-entry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { smtpDouble, type SmtpDouble } from '../setup/smtp-double.js'
import { bindTasks, inboxOf, taskActor } from './task-resource.js'

// Declared domain events, fired by the engine after a create, an update or a transition commits, whichever door
// called the service; on a resource declared for these tests (task-resource.ts).

let t: TestApp
let smtp: SmtpDouble
let tasks: ResourceService
let creator: TestUser
let alice: TestUser
let bob: TestUser
const logged: string[] = []
const capture = new winston.transports.Stream({
  stream: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString('utf8'))
      done()
    },
  }),
})
const job: Actor = { kind: 'job', name: 'test.notify' }

beforeAll(async () => {
  smtp = await smtpDouble()
  await smtp.start()
  t = await buildTestApp('notify_events', {
    env: { SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`, MAIL_FROM: 'CRM <crm@test.local>' },
  })
  tasks = bindTasks(t)
  creator = await createUser(t, { role: 'user', name: 'Creator' })
  alice = await createUser(t, { role: 'user', name: 'Alice' })
  bob = await createUser(t, { role: 'user', name: 'Bob' })
  t.context.logger.add(capture)
})
afterAll(async () => {
  t.context.logger.remove(capture)
  await t.close()
  await smtp.stop()
})

async function createTask(by: Actor, title: string, assignees: string[]): Promise<string> {
  const created = await tasks.create(by, { title, assignees })
  return String(created._id)
}

function notificationsFor(recordId: string) {
  return notificationModel(t.context.db.connection).find({ recordId }).lean()
}

describe('domain events', () => {
  it('when a user creates a record, each recipient is told once, and the user who did it is not', async () => {
    const id = await createTask(taskActor(creator), 'Quarterly report', [alice.id, bob.id, creator.id, alice.id])

    const stored = await notificationsFor(id)
    expect(stored.map((n) => String(n.recipient)).sort()).toEqual([alice.id, bob.id].sort())
    expect(stored.find((n) => String(n.recipient) === alice.id)).toMatchObject({
      kind: 'task.assigned',
      message: 'You were assigned "Quarterly report"',
      resource: 'notify_tasks',
      recordId: id,
      actor: `user:${creator.id}`,
      read: false,
      readAt: null,
    })
    expect(String(stored[0]?.actorId)).toBe(creator.id)
    expect((await auditOf(t, id)).map((e) => [e.action, e.status])).toEqual([['create', 'committed']])
  })

  it('when an update changes what `when` looks at, the event fires; an update that does not, tells nobody', async () => {
    const id = await createTask(job, 'Budget', [alice.id])
    const before = (await notificationsFor(id)).length

    await tasks.update(taskActor(creator), id, { title: 'Budget 2027' })
    expect(await notificationsFor(id)).toHaveLength(before)

    await tasks.update(taskActor(alice), id, { assignees: [alice.id, bob.id] })
    const reassigned = (await notificationsFor(id)).filter((n) => n.kind === 'task.reassigned')
    // Alice made the change: only Bob hears of it.
    expect(reassigned.map((n) => String(n.recipient))).toEqual([bob.id])
    expect(reassigned[0]).toMatchObject({ message: 'You are on "Budget 2027"', actor: `user:${alice.id}` })
  })

  it('when the declared transition is taken, its recipients are told; another transition tells nobody', async () => {
    const id = await createTask(taskActor(creator), 'Ship it', [alice.id])

    await tasks.transition(taskActor(alice), id, { name: 'complete' })
    const completed = (await notificationsFor(id)).filter((n) => n.kind === 'task.completed')
    expect(completed.map((n) => String(n.recipient))).toEqual([creator.id])
    expect(completed[0]?.message).toBe('"Ship it" is done')

    const count = (await notificationsFor(id)).length
    await tasks.transition(job, id, { name: 'reopen' })
    expect(await notificationsFor(id)).toHaveLength(count)
    // A transition is not an update: the update event did not fire either.
    expect((await notificationsFor(id)).some((n) => n.kind === 'task.reassigned')).toBe(false)
  })

  it('when a job causes the event, every recipient is told (a job is nobody to exclude)', async () => {
    const id = await createTask(taskActor(creator), 'Nightly', [alice.id])
    await tasks.transition(job, id, { name: 'complete' })
    const completed = (await notificationsFor(id)).filter((n) => n.kind === 'task.completed')
    expect(completed.map((n) => String(n.recipient)).sort()).toEqual([alice.id, creator.id].sort())
    expect(completed[0]).toMatchObject({ actor: 'job:test.notify', actorId: null })
  })

  it('when a recipients function fails, the write is stored and audited, the other events fire, and the failure is logged', async () => {
    const created = await tasks.create(taskActor(creator), { title: 'boom: flaky lookup', assignees: [bob.id] })
    const id = String(created._id)

    expect(created).toMatchObject({ title: 'boom: flaky lookup', status: 'open', _rev: 1 })
    expect(await tasks.model.exists({ _id: new Types.ObjectId(id) })).not.toBeNull()
    expect((await auditOf(t, id)).map((e) => [e.action, e.status])).toEqual([['create', 'committed']])
    expect((await notificationsFor(id)).map((n) => [n.kind, String(n.recipient)])).toEqual([['task.assigned', bob.id]])
    const line = logged
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => {
        return entry.message === 'notification failed' && entry.recordId === id
      })
    expect(line).toMatchObject({ level: 'error', event: 'task.flagged', resource: 'notify_tasks' })
  })

  it('when a recipient is not an active user (deactivated, unknown, malformed), the others are still told', async () => {
    const gone = await createUser(t, { isActive: false })
    const unknown = new Types.ObjectId().toHexString()
    const id = await createTask(job, 'Mixed list', [gone.id, unknown, 'not-an-id', alice.id])
    expect((await notificationsFor(id)).map((n) => String(n.recipient))).toEqual([alice.id])
    expect(await inboxOf(t, gone)).toEqual([])
  })
})

describe('notifications by email', () => {
  it('when the recipient opted in, the notification is also queued as an escaped mail; an opted-out one gets none', async () => {
    const keen = await createUser(t, { name: 'Keen <b>Reader</b>' })
    await t.context.models.users.updateOne({ _id: keen.id }, { $set: { notifyByEmail: true } })
    const quiet = await createUser(t)

    const id = await createTask(job, 'Review <script>alert(1)</script>', [keen.id, quiet.id])

    const mails = await outboxModel(t.context.db.connection)
      .find({ channel: 'mail', origin: new RegExp(`^notification event:task\\.assigned:notify_tasks:${id}:`) })
      .lean()
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ state: 'pending', attempts: 0 })
    const payload = mails[0]?.payload ?? {}
    expect(payload).toMatchObject({
      to: keen.email,
      subject: 'You were assigned "Review <script>alert(1)</script>"',
    })
    expect(payload.text).toContain('You were assigned "Review <script>alert(1)</script>"')
    expect(payload.html).toContain('Review &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(payload.html).toContain('Keen &lt;b&gt;Reader&lt;/b&gt;')
    expect(payload.html).not.toContain('<script>')
    expect(await inboxOf(t, quiet)).toHaveLength(1)

    // The outbox's own job delivers it, like every other mail.
    await runJob(t.context, outboxDeliver, {})
    const received = smtp.mails.filter((mail) => mail.to === keen.email)
    expect(received).toHaveLength(1)
    expect(received[0]?.html).toContain('Review &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(smtp.mails.some((mail) => mail.to === quiet.email)).toBe(false)
    expect(await outboxModel(t.context.db.connection).findById(mails[0]?._id).lean()).toMatchObject({ state: 'sent' })
  })
})
