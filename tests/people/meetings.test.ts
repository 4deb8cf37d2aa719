import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditActions, bearer, dataOf, storedIn } from './fixtures.js'

// A meeting's time rules (the end after the start, on create and on every change), its organiser (the creator, never
// the body) and who sees it (its organiser and attendees, nobody else).

describe('meetings', () => {
  let t: TestApp
  let hr: TestUser
  let organiser: TestUser
  let attendee: TestUser
  let outsider: TestUser

  beforeAll(async () => {
    t = await buildTestApp('people-meetings')
    hr = await createUser(t, { role: 'HR' })
    organiser = await createUser(t, { role: 'bdm' })
    attendee = await createUser(t, { role: 'user' })
    outsider = await createUser(t, { role: 'user' })
  })
  afterAll(() => t.close())

  const schedule = (by: TestUser, body: Record<string, unknown> = {}) =>
    request(t.app)
      .post('/api/v1/meetings')
      .set(bearer(by))
      .send({
        title: 'Pipeline review',
        date: '2026-12-14',
        startTime: '10:00',
        endTime: '10:45',
        attendees: [attendee.id],
        ...body,
      })
  const count = () => t.context.resources.meetings.model.countDocuments({})

  it('when a member of staff schedules one, they are its organiser and both they and the attendee see it', async () => {
    const created = await schedule(organiser)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const meeting = dataOf(created)
    expect(meeting).toMatchObject({ organiser: organiser.id, status: 'scheduled', attendees: [attendee.id] })
    expect(await auditActions(t, String(meeting._id))).toEqual(['create'])
    for (const who of [organiser, attendee]) {
      const listed = await request(t.app).get('/api/v1/meetings').set(bearer(who))
      expect(listed.body.data.map((item: { _id: string }) => item._id)).toContain(meeting._id)
      expect(
        (
          await request(t.app)
            .get(`/api/v1/meetings/${String(meeting._id)}`)
            .set(bearer(who))
        ).status,
      ).toBe(200)
    }
    const unseen = await request(t.app).get('/api/v1/meetings').set(bearer(outsider))
    expect(unseen.body.data).toEqual([])
    expect(
      (
        await request(t.app)
          .get(`/api/v1/meetings/${String(meeting._id)}`)
          .set(bearer(outsider))
      ).status,
    ).toBe(404)
  })

  it('when the body names an organiser, responds 400: the organiser is whoever schedules', async () => {
    const before = await count()
    const res = await schedule(organiser, { organiser: outsider.id })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('organiser')
    expect(await count()).toBe(before)
  })

  it.each([
    ['ends before it starts', '11:00', '10:30'],
    ['ends when it starts', '11:00', '11:00'],
  ])('when a meeting %s, responds 400 naming endTime and stores nothing', async (_case, startTime, endTime) => {
    const before = await count()
    const res = await schedule(organiser, { startTime, endTime })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'endTime', message: 'must be after startTime' }])
    expect(await count()).toBe(before)
  })

  it('when a time is not HH:MM, responds 400 naming it', async () => {
    for (const [field, value] of [
      ['startTime', '9am'],
      ['endTime', '24:10'],
    ] as const) {
      const res = await schedule(organiser, { [field]: value })
      expect(res.status).toBe(400)
      expect(res.body.details[0].path).toBe(field)
    }
  })

  it('when a change moves the start past the stored end, responds 400 and the stored times stay', async () => {
    const id = String(dataOf(await schedule(hr))._id)
    const moved = await request(t.app).patch(`/api/v1/meetings/${id}`).set(bearer(hr)).send({ startTime: '11:00' })
    expect(moved.status).toBe(400)
    expect(moved.body.details[0].path).toBe('endTime')
    const stored = await storedIn(t, 'meetings', id)
    expect({ startTime: stored?.startTime, endTime: stored?.endTime }).toEqual({ startTime: '10:00', endTime: '10:45' })
    const fine = await request(t.app)
      .patch(`/api/v1/meetings/${id}`)
      .set(bearer(hr))
      .send({ startTime: '11:00', endTime: '11:30' })
    expect(fine.status).toBe(200)
    expect(await auditActions(t, id)).toEqual(['create', 'update'])
  })

  it('when an attendee tries to reschedule, responds 403; HR cancels with a reason', async () => {
    const id = String(dataOf(await schedule(organiser))._id)
    const refused = await request(t.app).patch(`/api/v1/meetings/${id}`).set(bearer(attendee)).send({ title: 'x' })
    expect(refused.status).toBe(403)
    const noReason = await request(t.app).post(`/api/v1/meetings/${id}/cancel`).set(bearer(hr)).send({})
    expect(noReason.status).toBe(400)
    const cancelled = await request(t.app)
      .post(`/api/v1/meetings/${id}/cancel`)
      .set(bearer(hr))
      .send({ reason: 'Client moved it' })
    expect(cancelled.status).toBe(200)
    expect((await storedIn(t, 'meetings', id))?.status).toBe('cancelled')
  })

  it('when an attendee is not a user, responds 400 naming attendees', async () => {
    const res = await schedule(organiser, { attendees: ['0123456789abcdef01234567'] })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('attendees')
  })

  it('when the link is not http(s), responds 400 naming link', async () => {
    const res = await schedule(organiser, { link: 'javascript:alert(1)' })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('link')
  })
})
