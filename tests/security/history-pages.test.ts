import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

// Finding 7 (API side): `?include=reads` had no limit, so one response carried every read of a much-read booking.

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('history-pages')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

const READS = 150

describe('GET /api/v1/<resource>/:id/history is paged with a maximum page size', () => {
  it('when a booking has 150 reads, include=reads answers one page of 50 with the total, and later pages continue', async () => {
    const booking = await seedBooking(t, srdev)
    const documentId = new Types.ObjectId(booking._id)
    const at = Date.now() + 1_000
    await t.context.resources.readLog.insertMany(
      Array.from({ length: READS }, (_, i) => ({
        resource: 'bookings',
        documentId,
        revision: 1,
        action: 'read' as const,
        actor: { kind: 'user' as const, id: srdev.id, role: 'srdev' },
        requestId: `r${String(i)}`,
        at: new Date(at + i * 10),
        changes: [],
        reason: null,
      })),
    )
    const url = `/api/v1/bookings/${booking._id}/history?include=reads`
    const first = await request(t.app).get(url).set('authorization', srdev.token)
    expect(first.status).toBe(200)
    expect(first.body.data).toHaveLength(50)
    expect(first.body.meta).toEqual({ page: 1, limit: 50, total: READS + 1 })
    expect(first.body.data[0]).toMatchObject({ action: 'create', revision: 1 })

    const last = await request(t.app).get(`${url}&page=2&limit=100`).set('authorization', srdev.token)
    expect(last.body.data).toHaveLength(READS + 1 - 100)
    expect(last.body.data.every((entry: { action: string }) => entry.action === 'read')).toBe(true)

    const changesOnly = await request(t.app)
      .get(`/api/v1/bookings/${booking._id}/history`)
      .set('authorization', srdev.token)
    expect(changesOnly.body.meta).toEqual({ page: 1, limit: 50, total: 1 })
  })

  it('when a page larger than 100 is asked for, responds 400 naming limit', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await request(t.app)
      .get(`/api/v1/bookings/${booking._id}/history?include=reads&limit=5000`)
      .set('authorization', srdev.token)
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'limit' })])
  })
})
