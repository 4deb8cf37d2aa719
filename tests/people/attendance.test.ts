import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditActions, bearer, dataOf, staffMember, storedIn, type Staff } from './fixtures.js'

// Attendance: one row per employee per day; staff record and correct their own days (not whether they were late),
// see only their own; HR sees everyone's; developers keep no attendance of their own here (HR does).

describe('attendance', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff
  let colleague: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-attendance')
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
    colleague = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  const record = (by: TestUser, body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/attendance').set(bearer(by)).send(body)
  const count = () => t.context.resources.attendance.model.countDocuments({})

  it('when a member of staff records their own day, it is stored as theirs, audited, and listed to them', async () => {
    const res = await record(staff.user, {
      employee: staff.employee,
      date: '2026-11-02',
      checkIn: '09:40',
      workFrom: 'home',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = String(dataOf(res)._id)
    const stored = await storedIn(t, 'attendance', id)
    expect(stored).toMatchObject({ userId: staff.user.id, checkIn: '09:40', workFrom: 'home', late: false })
    expect(stored?.date).toEqual(new Date('2026-11-02T00:00:00.000Z'))
    expect(await auditActions(t, id)).toEqual(['create'])

    const checkedOut = await request(t.app)
      .patch(`/api/v1/attendance/${id}`)
      .set(bearer(staff.user))
      .send({ checkOut: '18:05' })
    expect(checkedOut.status).toBe(200)
    expect((await storedIn(t, 'attendance', id))?.checkOut).toBe('18:05')

    const mine = await request(t.app).get('/api/v1/attendance').set(bearer(staff.user))
    expect(mine.body.data.map((row: { _id: string }) => row._id)).toEqual([id])
  })

  it('when the same employee records the same day twice, responds 409 naming the fields and stores nothing', async () => {
    const first = await record(staff.user, { employee: staff.employee, date: '2026-11-03', checkIn: '09:00' })
    expect(first.status).toBe(201)
    const before = await count()
    // Another time of the same day is the same day.
    const again = await record(hr, { employee: staff.employee, date: '2026-11-03T14:00:00Z', checkIn: '14:00' })
    expect(again.status).toBe(409)
    expect(again.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['date', 'employee'])
    expect(await count()).toBe(before)
    const otherEmployee = await record(hr, { employee: colleague.employee, date: '2026-11-03', checkIn: '09:10' })
    expect(otherEmployee.status).toBe(201)
  })

  it('when the check-out is not after the check-in, responds 400 naming checkOut and stores nothing', async () => {
    const before = await count()
    const res = await record(staff.user, {
      employee: staff.employee,
      date: '2026-11-04',
      checkIn: '10:00',
      checkOut: '09:00',
    })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'checkOut', message: 'must be after checkIn' }])
    expect(await count()).toBe(before)
  })

  it('when a member of staff marks their own day late or not, responds 403 and the row stays; HR may', async () => {
    const own = await record(staff.user, { employee: staff.employee, date: '2026-11-06', checkIn: '10:30' })
    expect(own.status).toBe(201)
    const id = String(dataOf(own)._id)
    const refused = await request(t.app).patch(`/api/v1/attendance/${id}`).set(bearer(staff.user)).send({ late: true })
    expect(refused.status).toBe(403)
    expect((await storedIn(t, 'attendance', id))?.late).toBe(false)
    const byHr = await request(t.app).patch(`/api/v1/attendance/${id}`).set(bearer(hr)).send({ late: true })
    expect(byHr.status).toBe(200)
    expect((await storedIn(t, 'attendance', id))?.late).toBe(true)
    expect(await auditActions(t, id)).toEqual(['create', 'update'])
  })

  it("when a member of staff reads a colleague's row, responds 404; HR lists both", async () => {
    const theirs = await record(colleague.user, { employee: colleague.employee, date: '2026-11-09', checkIn: '09:00' })
    expect(theirs.status).toBe(201)
    const id = String(dataOf(theirs)._id)
    expect((await request(t.app).get(`/api/v1/attendance/${id}`).set(bearer(staff.user))).status).toBe(404)
    const all = await request(t.app).get('/api/v1/attendance').query({ date: '2026-11-09' }).set(bearer(hr))
    expect(all.body.data.map((row: { _id: string }) => row._id)).toContain(id)
  })

  it('when the day is moved after recording, responds 400 naming date: a wrong day is trashed and recorded again', async () => {
    const created = await record(hr, { employee: colleague.employee, date: '2026-11-10', checkIn: '09:00' })
    const id = String(dataOf(created)._id)
    const moved = await request(t.app).patch(`/api/v1/attendance/${id}`).set(bearer(hr)).send({ date: '2026-11-11' })
    expect(moved.status).toBe(400)
    expect(moved.body.details[0].path).toBe('date')
  })

  it('when a developer records attendance, responds 403 (HR keeps theirs) and stores nothing', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const before = await count()
    const res = await record(dev, { employee: staff.employee, date: '2026-11-12', checkIn: '09:00' })
    expect(res.status).toBe(403)
    expect(await count()).toBe(before)
  })

  it('when a field is malformed, responds 400 naming it', async () => {
    for (const [field, value] of [
      ['checkIn', '25:00'],
      ['workFrom', 'beach'],
      ['date', 'someday'],
      ['employee', 'me'],
    ] as const) {
      const res = await record(hr, { employee: staff.employee, date: '2026-11-13', checkIn: '09:00', [field]: value })
      expect(res.status, field).toBe(400)
      expect(res.body.details[0].path).toBe(field)
    }
  })
})
