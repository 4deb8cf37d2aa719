import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { bearer, dataOf, staffMember, storedIn, type Staff } from '../fixtures.js'

// Needs access.ownerFrom (branch `refs`): attendance, leaves and salaries belong to the employee's login, whoever
// wrote them, and staff may write only under their own profile.

describe('people records owned through the employee (after merge)', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff
  let colleague: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-owner-from')
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
    colleague = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  it("when HR records a day for an employee, the row is the employee's: they see it, their colleague does not", async () => {
    const res = await request(t.app)
      .post('/api/v1/attendance')
      .set(bearer(hr))
      .send({ employee: staff.employee, date: '2026-11-02', checkIn: '09:00' })
    expect(res.status).toBe(201)
    const id = String(dataOf(res)._id)
    expect((await storedIn(t, 'attendance', id))?.userId).toBe(staff.user.id)
    expect((await request(t.app).get(`/api/v1/attendance/${id}`).set(bearer(staff.user))).status).toBe(200)
    expect((await request(t.app).get(`/api/v1/attendance/${id}`).set(bearer(colleague.user))).status).toBe(404)
  })

  it("when a member of staff records a day or asks leave under a colleague's profile, responds 403", async () => {
    const before = await t.context.resources.attendance.model.countDocuments({})
    const day = await request(t.app)
      .post('/api/v1/attendance')
      .set(bearer(staff.user))
      .send({ employee: colleague.employee, date: '2026-11-03', checkIn: '09:00' })
    expect(day.status).toBe(403)
    expect(await t.context.resources.attendance.model.countDocuments({})).toBe(before)
    const leave = await request(t.app).post('/api/v1/leaves').set(bearer(staff.user)).send({
      employee: colleague.employee,
      leaveType: 'sick',
      startDate: '2026-11-04',
      endDate: '2026-11-04',
      reason: 'Not mine to ask',
    })
    expect(leave.status).toBe(403)
  })

  it('when HR asks leave for an employee, the employee sees it and their balance counts it once approved', async () => {
    const asked = await request(t.app).post('/api/v1/leaves').set(bearer(hr)).send({
      employee: staff.employee,
      leaveType: 'annual',
      startDate: '2026-11-09',
      endDate: '2026-11-10',
      reason: 'Booked by HR',
    })
    expect(asked.status).toBe(201)
    const id = String(dataOf(asked)._id)
    expect((await storedIn(t, 'leaves', id))?.userId).toBe(staff.user.id)
    await request(t.app).post(`/api/v1/leaves/${id}/approve`).set(bearer(hr)).send({})
    const mine = await request(t.app).get('/api/v1/leaves').set(bearer(staff.user))
    expect(mine.body.data.map((row: { _id: string }) => row._id)).toContain(id)
  })
})
