import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { auditActions, bearer, dataOf, staffMember, storedIn } from '../fixtures.js'

// Needs the destroy guard (branch `refs`): an employee whose attendance still names them is not destroyed.

describe('destroying an employee named by attendance (after merge)', () => {
  let t: TestApp
  let srdev: TestUser

  beforeAll(async () => {
    t = await buildTestApp('people-destroy-guard')
    srdev = await createUser(t, { role: 'srdev' })
  })
  afterAll(() => t.close())

  it('when deleted permanently, responds 409 naming the attendance referrers and nothing changes', async () => {
    const staff = await staffMember(t, srdev)
    const day = await request(t.app)
      .post('/api/v1/attendance')
      .set(bearer(srdev))
      .send({ employee: staff.employee, date: '2026-11-02', checkIn: '09:00' })
    expect(day.status).toBe(201)
    const dayId = String(dataOf(day)._id)
    expect((await request(t.app).delete(`/api/v1/employees/${staff.employee}`).set(bearer(srdev))).status).toBe(200)

    const res = await request(t.app).delete(`/api/v1/employees/${staff.employee}/permanent`).set(bearer(srdev))
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('CONFLICT')
    expect(res.body.details).toEqual([{ path: 'attendance.employee', message: `1 attendance names it (${dayId})` }])
    expect((await storedIn(t, 'employees', staff.employee))?.deletedAt).toBeInstanceOf(Date)
    expect(await auditActions(t, staff.employee)).toEqual(['create', 'trash'])
    expect(await storedIn(t, 'attendance', dayId)).not.toBeNull()
  })
})
