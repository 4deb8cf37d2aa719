import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { bearer, dataOf, staffMember, type Staff } from '../fixtures.js'

// Needs domain events and the inbox (branch `notify`): a decided leave tells the employee, a scheduled meeting its
// attendees, a scheduled interview its interviewer, a message its recipient.

describe('people notifications (after merge)', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-notifications')
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  const kindsOf = async (user: TestUser): Promise<string[]> => {
    const res = await request(t.app).get('/api/v1/notifications').set(bearer(user))
    return (res.body.data as Array<{ kind: string }>).map((item) => item.kind)
  }

  it('when HR approves a leave, the employee is told; when HR rejects one, too', async () => {
    const ask = async (day: string) =>
      String(
        dataOf(
          await request(t.app).post('/api/v1/leaves').set(bearer(staff.user)).send({
            employee: staff.employee,
            leaveType: 'casual',
            startDate: day,
            endDate: day,
            reason: 'Errand',
          }),
        )._id,
      )
    await request(t.app)
      .post(`/api/v1/leaves/${await ask('2026-10-05')}/approve`)
      .set(bearer(hr))
      .send({})
    await request(t.app)
      .post(`/api/v1/leaves/${await ask('2026-10-06')}/reject`)
      .set(bearer(hr))
      .send({ reason: 'Release day' })
    await vi.waitFor(async () => {
      expect((await kindsOf(staff.user)).sort()).toEqual(['leave.approved', 'leave.rejected'])
    })
  })

  it('when a meeting is scheduled, each attendee is told and the organiser is not', async () => {
    const attendee = await createUser(t, { role: 'user' })
    await request(t.app)
      .post('/api/v1/meetings')
      .set(bearer(hr))
      .send({
        title: 'Policy walkthrough',
        date: '2026-12-14',
        startTime: '15:00',
        endTime: '15:30',
        attendees: [attendee.id],
      })
    await vi.waitFor(async () => {
      expect(await kindsOf(attendee)).toEqual(['meeting.scheduled'])
    })
    expect(await kindsOf(hr)).not.toContain('meeting.scheduled')
  })
})
