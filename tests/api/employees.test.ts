import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload, validAadhaar } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'

let t: TestApp
let hr: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('employees')
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => t.close())

const api = () => request(t.app)
const year = String(new Date().getUTCFullYear() % 100).padStart(2, '0')

async function ownProfile(user: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await api().post('/api/v1/employees').set('authorization', user.token).send(employeePayload(overrides))
  expect(res.status).toBe(201)
  return res.body.data as Record<string, unknown> & { _id: string }
}

describe('/api/v1/employees: self-service and validation', () => {
  it('when a user creates their own profile, it is pending_review with an employee id, linked to them, and audited', async () => {
    const user = await createUser(t)
    const profile = await ownProfile(user, { department: 'Legal' })
    expect(profile).toMatchObject({ userId: user.id, status: 'pending_review', department: 'Legal' })
    expect(profile.employeeId).toMatch(new RegExp(`^LG${year}\\d{4}$`))
    const entries = await auditOf(t, profile._id)
    expect(entries).toMatchObject([{ action: 'create', actor: { kind: 'user', id: user.id }, status: 'committed' }])
    const me = await api().get('/api/v1/employees/me').set('authorization', user.token)
    expect(me.status).toBe(200)
    expect(me.body.data._id).toBe(profile._id)
  })

  it('when every identity field is invalid, responds 400 naming each field and stores nothing', async () => {
    const user = await createUser(t)
    const bad = employeePayload({
      aadharNumber: '234567890123',
      panNumber: 'ABCD1234F',
      ifscCode: 'HDFC1001234',
      personalContactNumber: '12345',
      workEmail: 'not-an-email',
      dateOfBirth: '2999-01-01',
      department: 'Astrology',
      employeeFullName: 'Nul\u0000Byte',
    })
    const res = await api().post('/api/v1/employees').set('authorization', user.token).send(bad)
    expect(res.status).toBe(400)
    const paths = (res.body.details as Array<{ path: string }>).map((d) => d.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'aadharNumber',
        'panNumber',
        'ifscCode',
        'personalContactNumber',
        'workEmail',
        'dateOfBirth',
        'employeeFullName',
      ]),
    )
    expect(await t.context.resources.employees.model.countDocuments({ userId: user.id })).toBe(0)
  })

  it('when the department names no department, responds 400 naming department and stores nothing', async () => {
    const user = await createUser(t)
    const res = await api()
      .post('/api/v1/employees')
      .set('authorization', user.token)
      .send(employeePayload({ department: 'Astrology' }))
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'department', message: expect.any(String) }])
    expect(await t.context.resources.employees.model.countDocuments({ userId: user.id })).toBe(0)
  })

  it('when a user creates a second profile, responds 409 and keeps the first', async () => {
    const user = await createUser(t)
    await ownProfile(user)
    const res = await api().post('/api/v1/employees').set('authorization', user.token).send(employeePayload())
    expect(res.status).toBe(409)
    expect(await t.context.resources.employees.model.countDocuments({ userId: user.id })).toBe(1)
  })

  it("when a user reads another user's profile, responds 404; the list shows only their own", async () => {
    const [a, b] = [await createUser(t), await createUser(t)]
    const other = await ownProfile(a)
    await ownProfile(b)
    expect((await api().get(`/api/v1/employees/${other._id}`).set('authorization', b.token)).status).toBe(404)
    const list = await api().get('/api/v1/employees').set('authorization', b.token)
    expect(list.body.data.map((e: { userId: string }) => e.userId)).toEqual([b.id])
  })

  it('when 20 profiles are created in parallel in one department, they get 20 distinct consecutive ids', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(t)))
    const results = await Promise.all(
      users.map((user) =>
        api()
          .post('/api/v1/employees')
          .set('authorization', hr.token)
          .send(employeePayload({ userId: user.id, department: 'Finance', aadharNumber: validAadhaar() })),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    const numbers = results.map((r) => Number(String(r.body.data.employeeId).slice(4))).sort((x, y) => x - y)
    expect(new Set(numbers).size).toBe(20)
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => (numbers[0] ?? 0) + i))
    for (const r of results) expect(r.body.data.employeeId).toMatch(new RegExp(`^FN${year}\\d{4}$`))
  })
})

describe('/api/v1/employees: lifecycle', () => {
  it('when HR rejects with a reason, the user corrects and resubmits, HR approves: each step audited with its actor', async () => {
    const user = await createUser(t)
    const profile = await ownProfile(user)
    const noReason = await api().post(`/api/v1/employees/${profile._id}/reject`).set('authorization', hr.token).send({})
    expect(noReason.status).toBe(400)
    expect(noReason.body.details).toEqual([{ path: 'reason', message: 'is required' }])
    const rejected = await api()
      .post(`/api/v1/employees/${profile._id}/reject`)
      .set('authorization', hr.token)
      .send({ reason: 'PAN unreadable' })
    expect(rejected.body.data.status).toBe('rejected')
    const fix = await api()
      .patch(`/api/v1/employees/${profile._id}`)
      .set('authorization', user.token)
      .send({ panNumber: 'bcdef2345g' })
    expect(fix.status).toBe(200)
    expect(fix.body.data.panNumber).toBe('BCDEF2345G')
    expect((await api().post(`/api/v1/employees/${profile._id}/submit`).set('authorization', user.token)).status).toBe(
      200,
    )
    const self = await api().post(`/api/v1/employees/${profile._id}/approve`).set('authorization', user.token).send({})
    expect(self.status).toBe(403)
    const approved = await api()
      .post(`/api/v1/employees/${profile._id}/approve`)
      .set('authorization', hr.token)
      .send({ reason: 'ok' })
    expect(approved.body.data.status).toBe('active')
    const locked = await api()
      .patch(`/api/v1/employees/${profile._id}`)
      .set('authorization', user.token)
      .send({ bankName: 'SBI' })
    expect(locked.status).toBe(409)
    expect(locked.body.details).toEqual([{ path: 'status', message: 'is active' }])
    const entries = await auditOf(t, profile._id)
    expect(entries.map((e) => [e.action, e.reason, e.actor.kind === 'user' ? e.actor.id : e.actor.kind])).toEqual([
      ['create', null, user.id],
      ['transition', 'reject: PAN unreadable', hr.id],
      ['update', null, user.id],
      ['transition', 'submit', user.id],
      ['transition', 'approve: ok', hr.id],
    ])
  })

  it('when a transition is not allowed from the current state, responds 409 naming it and nothing changes', async () => {
    const user = await createUser(t)
    const profile = await ownProfile(user)
    const res = await api()
      .post(`/api/v1/employees/${profile._id}/leave`)
      .set('authorization', hr.token)
      .send({ relievingDate: '2026-01-01' })
    expect(res.status).toBe(409)
    expect(res.body.message).toContain('pending_review')
    expect((await auditOf(t, profile._id)).length).toBe(1)
  })
})

describe('/api/v1/employees/stats', () => {
  it('when HR asks, the figures count the profiles; a plain user is refused', async () => {
    const user = await createUser(t)
    const profile = await ownProfile(user, {
      department: 'Digital',
      branch: '407 AMD',
      dateOfJoining: new Date().toISOString(),
    })
    await api().post(`/api/v1/employees/${profile._id}/approve`).set('authorization', hr.token).send({})
    const res = await api().get('/api/v1/employees/stats').set('authorization', hr.token)
    expect(res.status).toBe(200)
    expect(res.body.data.byDepartment).toContainEqual({ _id: 'Digital', count: expect.any(Number) })
    expect(res.body.data.byBranch).toContainEqual({ _id: '407 AMD', count: expect.any(Number) })
    expect(res.body.data.pendingReviews).toBeGreaterThan(0)
    expect(res.body.data.joinersLast30Days.map((p: { _id: string }) => p._id)).toContain(profile._id)
    expect((await api().get('/api/v1/employees/stats').set('authorization', user.token)).status).toBe(403)
  })
})
