import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recoverPendingAudits } from '../../src/audit/recovery.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, auditOf, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('audit_crash')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

/** What main.ts runs at start-up, on a second app over the same database. */
async function restart(): Promise<TestApp> {
  const next = await buildTestApp('audit_crash', { dbUri: t.dbUri })
  await recoverPendingAudits(next.context.db.connection, next.context.resources.audit)
  return next
}

/** The pending entry a writer leaves when it dies after claiming revision 2 and before committing it. */
function leavePendingClaim(
  bookingId: string,
  actor: Record<string, unknown>,
  at: Date,
  changes = [{ path: 'status', before: 'Pending', after: 'Completed' }],
) {
  return t.context.resources.audit.create({
    resource: 'bookings',
    documentId: new Types.ObjectId(bookingId),
    revision: 2,
    action: 'update',
    actor,
    requestId: null,
    at,
    changes,
    reason: null,
    status: 'pending',
  })
}

describe('the pending/committed protocol survives a crash', () => {
  it('when the process dies between the document write and the audit commit, after restart the history shows the change', async () => {
    const booking = await seedBooking(t, srdev)
    const died = new Error('process killed')
    const update = t.context.resources.bookings.update(
      await actorOf(t, srdev),
      booking._id,
      { status: 'Completed' },
      {
        hooks: { afterDocumentWrite: () => Promise.reject(died) },
      },
    )
    await expect(update).rejects.toBe(died)
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'Completed', _rev: 2 })
    expect((await auditOf(t, booking._id)).map((e) => e.status)).toEqual(['committed', 'pending'])

    const restarted = await restart()
    try {
      const res = await request(restarted.app)
        .get(`/api/v1/bookings/${booking._id}/history`)
        .set('authorization', srdev.token)
      expect(res.status).toBe(200)
      expect(res.body.data.map((e: { revision: number; action: string }) => [e.revision, e.action])).toEqual([
        [1, 'create'],
        [2, 'update'],
      ])
      expect(res.body.data[1]).toMatchObject({
        actor: { kind: 'user', id: srdev.id },
        changes: [{ path: 'status', before: 'Pending', after: 'Completed' }],
      })
    } finally {
      await restarted.close()
    }
  })

  it('when the process died before the document write, recovery drops the orphan entry and the document is untouched', async () => {
    const booking = await seedBooking(t, srdev)
    await leavePendingClaim(booking._id, { kind: 'user', id: srdev.id, role: 'srdev' }, new Date())
    const outcome = await recoverPendingAudits(t.context.db.connection, t.context.resources.audit)
    expect(outcome.dropped).toBeGreaterThanOrEqual(1)
    expect((await auditOf(t, booking._id)).map((e) => [e.revision, e.status])).toEqual([[1, 'committed']])
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'Pending', _rev: 1 })
  })

  it('when a dead writer left a stale claim on the next revision, a later update clears it and succeeds', async () => {
    const booking = await seedBooking(t, srdev)
    await leavePendingClaim(booking._id, { kind: 'system' }, new Date(Date.now() - 60_000), [])
    const res = await request(t.app)
      .patch(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ remark: 'after crash' })
    expect(res.status).toBe(200)
    const entries = await auditOf(t, booking._id)
    expect(entries.map((e) => [e.revision, e.status, e.actor.kind])).toEqual([
      [1, 'committed', 'job'],
      [2, 'committed', 'user'],
    ])
  })

  it('when a create dies before its audit commit, recovery commits the create entry', async () => {
    const srdevActor = await actorOf(t, srdev)
    const { bookingPayload } = await import('../setup/resource-app.js')
    const create = t.context.resources.bookings.create(srdevActor, bookingPayload({ company_name: 'CRASHED CREATE' }), {
      hooks: {
        afterDocumentWrite: () => {
          throw new Error('killed')
        },
      },
    })
    await expect(create).rejects.toThrow('killed')
    const stored = await t.context.resources.bookings.model.collection.findOne({ company_name: 'CRASHED CREATE' })
    expect(stored).not.toBeNull()
    await recoverPendingAudits(t.context.db.connection, t.context.resources.audit)
    const entries = await auditOf(t, String(stored?._id))
    expect(entries.map((e) => [e.revision, e.action, e.status])).toEqual([[1, 'create', 'committed']])
  })
})
