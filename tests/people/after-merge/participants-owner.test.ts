import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { bearer, dataOf } from '../fixtures.js'

// Needs array owner fields in the policy's record checks (branch `refs`): a meeting's attendee and a message's
// recipient are owners through the `participants` list, so their own-scoped history reads work.

describe('participants as owners (after merge)', () => {
  let t: TestApp
  let organiser: TestUser
  let attendee: TestUser
  let outsider: TestUser

  beforeAll(async () => {
    t = await buildTestApp('people-participants')
    organiser = await createUser(t, { role: 'bdm' })
    attendee = await createUser(t, { role: 'user' })
    outsider = await createUser(t, { role: 'user' })
  })
  afterAll(() => t.close())

  it("when an attendee reads a meeting's history, responds 200; an outsider 404", async () => {
    const created = await request(t.app)
      .post('/api/v1/meetings')
      .set(bearer(organiser))
      .send({
        title: 'Weekly',
        date: '2026-12-14',
        startTime: '10:00',
        endTime: '10:30',
        attendees: [attendee.id],
      })
    const id = String(dataOf(created)._id)
    expect((await request(t.app).get(`/api/v1/meetings/${id}/history`).set(bearer(attendee))).status).toBe(200)
    expect((await request(t.app).get(`/api/v1/meetings/${id}/history`).set(bearer(outsider))).status).toBe(404)
  })

  it("when a message's recipient reads its history, responds 200", async () => {
    const sent = await request(t.app)
      .post('/api/v1/messages')
      .set(bearer(organiser))
      .send({ recipientId: attendee.id, message: 'Agenda attached' })
    const id = String(dataOf(sent)._id)
    expect((await request(t.app).get(`/api/v1/messages/${id}/history`).set(bearer(attendee))).status).toBe(200)
  })
})
