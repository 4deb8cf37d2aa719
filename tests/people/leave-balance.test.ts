import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LEAVE_ALLOWANCES } from '../../src/models/people/leave-allowances.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bearer, dataOf, staffMember, type Staff } from './fixtures.js'

// GET /api/v1/leaves/balance: approved days per type in a year (half days 0.5, a leave across the new year split
// between the years), against the allowances; HR reads anyone's, staff their own.

describe('leave balance', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-leave-balance')
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
    const asked = async (body: Record<string, unknown>, decision?: 'approve' | 'reject') => {
      const res = await request(t.app)
        .post('/api/v1/leaves')
        .set(bearer(staff.user))
        .send({ employee: staff.employee, reason: 'Personal', ...body })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      if (!decision) return
      const id = String(dataOf(res)._id)
      const decided = await request(t.app)
        .post(`/api/v1/leaves/${id}/${decision}`)
        .set(bearer(hr))
        .send({ reason: 'decided' })
      expect(decided.status).toBe(200)
    }
    await asked({ leaveType: 'casual', startDate: '2026-01-05', endDate: '2026-01-07' }, 'approve') // 3
    await asked({ leaveType: 'casual', startDate: '2026-02-10', endDate: '2026-02-10', isHalfDay: true }, 'approve') // 0.5
    await asked({ leaveType: 'sick', startDate: '2026-03-02', endDate: '2026-03-03' }, 'approve') // 2
    await asked({ leaveType: 'sick', startDate: '2026-04-01', endDate: '2026-04-05' }, 'reject') // not counted
    await asked({ leaveType: 'annual', startDate: '2026-05-04', endDate: '2026-05-08' }) // pending: not counted
    await asked({ leaveType: 'annual', startDate: '2026-12-30', endDate: '2027-01-02' }, 'approve') // 2 + 2
  })
  afterAll(() => t.close())

  const balance = (by: TestUser, query: Record<string, string>) =>
    request(t.app).get('/api/v1/leaves/balance').query(query).set(bearer(by))

  it('when HR asks for a year, counts approved days per type (half days 0.5, the new year split)', async () => {
    const res = await balance(hr, { employee: staff.employee, year: '2026' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(dataOf(res)).toEqual({
      employee: staff.employee,
      year: 2026,
      types: {
        sick: { allowance: LEAVE_ALLOWANCES.sick, taken: 2, remaining: LEAVE_ALLOWANCES.sick - 2 },
        casual: { allowance: LEAVE_ALLOWANCES.casual, taken: 3.5, remaining: LEAVE_ALLOWANCES.casual - 3.5 },
        annual: { allowance: LEAVE_ALLOWANCES.annual, taken: 2, remaining: LEAVE_ALLOWANCES.annual - 2 },
        other: { allowance: LEAVE_ALLOWANCES.other, taken: 0, remaining: 0 },
      },
    })
  })

  it('when the next year is asked, only the days of the leave that fall in it count', async () => {
    const res = await balance(staff.user, { employee: staff.employee, year: '2027' })
    expect(res.status).toBe(200)
    const types = dataOf(res).types as Record<string, { taken: number }>
    expect(Object.fromEntries(Object.entries(types).map(([type, row]) => [type, row.taken]))).toEqual({
      sick: 0,
      casual: 0,
      annual: 2,
      other: 0,
    })
  })

  it("when another member of staff asks for this employee's balance, responds 403", async () => {
    const other = await createUser(t, { role: 'user' })
    const res = await balance(other, { employee: staff.employee, year: '2026' })
    expect(res.status).toBe(403)
  })

  it('when the year or the employee is malformed, responds 400 naming the field', async () => {
    const badYear = await balance(hr, { employee: staff.employee, year: 'last' })
    expect(badYear.status).toBe(400)
    expect(badYear.body.details[0].path).toBe('year')
    const badEmployee = await balance(hr, { employee: 'nobody', year: '2026' })
    expect(badEmployee.status).toBe(400)
    expect(badEmployee.body.details[0].path).toBe('employee')
  })

  it('when the employee does not exist, responds 404', async () => {
    const res = await balance(hr, { employee: '0123456789abcdef01234567', year: '2026' })
    expect(res.status).toBe(404)
  })

  it('when a dev (no leave grants) asks, responds 403', async () => {
    const dev = await createUser(t, { role: 'dev' })
    expect((await balance(dev, { employee: staff.employee, year: '2026' })).status).toBe(403)
  })
})
