import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MASK } from '../../src/access/policy.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditActions, bearer, dataOf, staffMember, storedIn, type Staff } from './fixtures.js'

// Salaries are effective-dated rows that are never overwritten: a raise is a new row; the list is the history and
// /current the row in force; the money is HR's and masked for everyone else who may read it.

describe('employee salaries', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-salaries')
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  /** A day `years` from today (negative: in the past), so "in force today" holds whenever the suite runs. */
  const yearsFromNow = (years: number) => {
    const day = new Date()
    day.setUTCFullYear(day.getUTCFullYear() + years)
    return day.toISOString().slice(0, 10)
  }
  const add = (body: Record<string, unknown>) =>
    request(t.app)
      .post('/api/v1/employee-salaries')
      .set(bearer(hr))
      .send({ employee: staff.employee, ...body })

  it('when the pay changes, the old row stays and a new effective-dated row makes the history', async () => {
    const first = await add({ annualCtc: 6_00_000_00, effectiveFrom: yearsFromNow(-2) })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const firstId = String(dataOf(first)._id)

    const overwrite = await request(t.app)
      .patch(`/api/v1/employee-salaries/${firstId}`)
      .set(bearer(hr))
      .send({ annualCtc: 7_20_000_00 })
    expect(overwrite.status).toBe(400)
    expect(overwrite.body.details).toEqual([{ path: 'annualCtc', message: 'cannot change after creation' }])
    expect((await storedIn(t, 'employee-salaries', firstId))?.annualCtc).toBe(6_00_000_00)
    expect(await auditActions(t, firstId)).toEqual(['create'])

    const raise = await add({ annualCtc: 7_20_000_00, effectiveFrom: yearsFromNow(-1), note: 'Annual revision' })
    expect(raise.status).toBe(201)
    const future = await add({ annualCtc: 9_00_000_00, effectiveFrom: yearsFromNow(1) })
    expect(future.status).toBe(201)

    const history = await request(t.app)
      .get('/api/v1/employee-salaries')
      .query({ employee: staff.employee, sort: '-effectiveFrom' })
      .set(bearer(hr))
    expect(history.status).toBe(200)
    const rows = history.body.data as Array<{ annualCtc: number }>
    expect(rows.map((row) => row.annualCtc)).toEqual([9_00_000_00, 7_20_000_00, 6_00_000_00])

    const current = await request(t.app)
      .get('/api/v1/employee-salaries/current')
      .query({ employee: staff.employee })
      .set(bearer(hr))
    expect(current.status).toBe(200)
    expect(dataOf(current)).toMatchObject({ annualCtc: 7_20_000_00, _id: dataOf(raise)._id })
  })

  it('when a second row names the same effective day, responds 409 and stores nothing', async () => {
    await add({ annualCtc: 5_00_000_00, effectiveFrom: yearsFromNow(-5) })
    const before = await t.context.resources.employeeSalaries.model.countDocuments({})
    const clash = await add({ annualCtc: 5_50_000_00, effectiveFrom: yearsFromNow(-5) })
    expect(clash.status).toBe(409)
    expect(await t.context.resources.employeeSalaries.model.countDocuments({})).toBe(before)
  })

  it('when a senior admin reads the history, the money is masked in the list, the row and the export', async () => {
    const reader = await createUser(t, { role: 'senior admin' })
    const listed = await request(t.app)
      .get('/api/v1/employee-salaries')
      .query({ employee: staff.employee })
      .set(bearer(reader))
    expect(listed.status).toBe(200)
    const rows = listed.body.data as Array<{ _id: string; annualCtc: unknown; effectiveFrom: string }>
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.annualCtc).toBe(MASK)
    const one = await request(t.app).get(`/api/v1/employee-salaries/${rows[0]?._id}`).set(bearer(reader))
    expect(dataOf(one).annualCtc).toBe(MASK)
    const csv = await request(t.app).get('/api/v1/employee-salaries/export.csv').set(bearer(reader))
    expect(csv.status).toBe(200)
    expect(csv.text).not.toContain('72000000')
  })

  it('when a member of staff or a bdm asks for salaries, responds 403', async () => {
    for (const role of ['user', 'bdm']) {
      const someone = await createUser(t, { role })
      const res = await request(t.app).get('/api/v1/employee-salaries').set(bearer(someone))
      expect(res.status).toBe(403)
    }
  })

  it('when the amount is not whole paise, responds 400 naming annualCtc and stores nothing', async () => {
    const before = await t.context.resources.employeeSalaries.model.countDocuments({})
    const bad = await add({ annualCtc: 1234.5, effectiveFrom: yearsFromNow(-6) })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].path).toBe('annualCtc')
    expect(await t.context.resources.employeeSalaries.model.countDocuments({})).toBe(before)
  })
})
