import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('bookings_trash')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe('a trashed booking is invisible to every normal read', () => {
  it('when a booking is trashed, list, get, search, counts and export lose it; the trash view has it; restore brings back the same _id', async () => {
    const marker = `TRASHME${Date.now()}`
    const booking = await seedBooking(t, srdev, { company_name: marker })
    await api()
      .delete(`/api/v1/bookings/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ reason: 'typo' })
      .expect(200)

    const get = await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token)
    expect(get.status).toBe(404)
    const search = await api().get(`/api/v1/bookings?q=${marker}`).set('authorization', srdev.token)
    expect(search.body).toMatchObject({ data: [], meta: { total: 0 } })
    const filtered = await api().get(`/api/v1/bookings?company_name=${marker}`).set('authorization', srdev.token)
    expect(filtered.body.meta.total).toBe(0)
    const csv = await api().get('/api/v1/bookings/export.csv').set('authorization', srdev.token)
    expect(csv.text).not.toContain(marker)
    expect(await t.context.resources.bookings.model.countDocuments({ company_name: marker })).toBe(0)

    const trash = await api().get(`/api/v1/bookings?trashed=only&q=${marker}`).set('authorization', srdev.token)
    expect(trash.body.data).toHaveLength(1)
    expect(trash.body.data[0]).toMatchObject({ _id: booking._id, deleteReason: 'typo', deletedBy: srdev.id })
    const trashedGet = await api().get(`/api/v1/bookings/${booking._id}?trashed=true`).set('authorization', srdev.token)
    expect(trashedGet.status).toBe(200)

    const restored = await api()
      .post(`/api/v1/bookings/${booking._id}/restore`)
      .set('authorization', srdev.token)
      .send({})
    expect(restored.status).toBe(200)
    expect(restored.body.data._id).toBe(booking._id)
    const back = await api().get(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token)
    expect(back.status).toBe(200)
    expect(back.body.data).toMatchObject({ company_name: marker, deletedAt: null, deletedBy: null, deleteReason: null })
  })

  it('when a live booking is restored or destroyed, responds 404 / 409 and changes nothing', async () => {
    const booking = await seedBooking(t, srdev)
    const restore = await api()
      .post(`/api/v1/bookings/${booking._id}/restore`)
      .set('authorization', srdev.token)
      .send({})
    expect(restore.status).toBe(404)
    const destroy = await api()
      .delete(`/api/v1/bookings/${booking._id}/permanent`)
      .set('authorization', srdev.token)
      .send({})
    expect(destroy.status).toBe(409)
    expect(await storedBooking(t, booking._id)).toMatchObject({ _rev: 1 })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when a trashed booking has money received, a permanent delete responds 423 LEGAL_HOLD and keeps it', async () => {
    const booking = await seedBooking(t, srdev, { term_1: 100 })
    await api().delete(`/api/v1/bookings/${booking._id}`).set('authorization', srdev.token).send({}).expect(200)
    const res = await api()
      .delete(`/api/v1/bookings/${booking._id}/permanent`)
      .set('authorization', srdev.token)
      .send({})
    expect(res.status).toBe(423)
    expect(res.body).toMatchObject({ code: 'LEGAL_HOLD', message: expect.stringContaining('legal hold') })
    expect(await storedBooking(t, booking._id)).not.toBeNull()
    expect(await auditOf(t, booking._id)).toHaveLength(2)
  })
})

describe('purgeExpired (for the purge job)', () => {
  it('when called after the retention period, destroys expired trashed bookings except those on legal hold, audited as the job', async () => {
    const expired = await seedBooking(t, srdev)
    const held = await seedBooking(t, srdev, { term_2: 50 })
    const recent = await seedBooking(t, srdev)
    const live = await seedBooking(t, srdev)
    const bookings = t.context.resources.bookings
    const job = { kind: 'job', name: 'test.trash' } as const
    for (const booking of [expired, held, recent]) await bookings.trash(job, booking._id)
    const old = new Date(Date.now() - 91 * 86_400_000)
    await bookings.model.collection.updateMany(
      { _id: { $in: [expired, held].map((b) => new Types.ObjectId(b._id)) } },
      { $set: { deletedAt: old } },
    )
    const outcome = await bookings.purgeExpired(new Date())
    expect(outcome).toEqual({ purged: 1, held: 1, referenced: 0 })
    expect(await storedBooking(t, expired._id)).toBeNull()
    expect(await storedBooking(t, held._id)).not.toBeNull()
    expect(await storedBooking(t, recent._id)).not.toBeNull()
    expect(await storedBooking(t, live._id)).not.toBeNull()
    const entries = await auditOf(t, expired._id)
    expect(entries.at(-1)).toMatchObject({
      action: 'destroy',
      actor: { kind: 'job', name: 'trash.purge' },
      reason: 'retention period over',
    })
  })
})
