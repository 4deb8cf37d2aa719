import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { relieveEmployees } from '../../src/jobs/employees.relieve.js'
import { runJob } from '../../src/jobs/run-job.js'
import { createUser, storedUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'

let t: TestApp
let hr: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('employees-relieve')
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

describe('employees.relieve', () => {
  it('when an employee has left, the job disables their login on the relieving date and their token is refused', async () => {
    const user = await createUser(t)
    const created = await api().post('/api/v1/employees').set('authorization', user.token).send(employeePayload())
    const id = created.body.data._id as string
    for (const [verb, body] of [
      ['approve', {}],
      ['deactivate', { reason: 'resigned' }],
      ['leave', { relievingDate: '2026-06-30', reason: 'notice served' }],
    ] as const) {
      const res = await api().post(`/api/v1/employees/${id}/${verb}`).set('authorization', hr.token).send(body)
      expect(res.status).toBe(200)
    }
    // The day before: nothing happens, the token still works.
    expect((await runJob(t.context, relieveEmployees, { asOf: '2026-06-29T12:00:00Z' })).processed).toBe(0)
    expect((await api().get('/api/v1/employees/me').set('authorization', user.token)).status).toBe(200)

    const run = await runJob(t.context, relieveEmployees, { asOf: '2026-06-30T00:10:00Z' })
    expect(run.processed).toBe(1)
    const stored = await storedUser(t, user.id)
    expect(stored).toMatchObject({ isActive: false, tokenVersion: 1 })
    expect((await api().get('/api/v1/employees/me').set('authorization', user.token)).status).toBe(401)
    const login = await api().post('/api/v1/auth/login').send({ email: user.email, password: user.password })
    expect(login.status).toBe(401)

    const last = (await auditOf(t, id)).at(-1)
    expect(last).toMatchObject({
      action: 'update',
      actor: { kind: 'job', name: 'employees.relieve', runId: run.runId },
      status: 'committed',
    })
    expect(last?.changes).toMatchObject([{ path: 'loginDisabledAt', after: new Date('2026-06-30T00:10:00Z') }])
    // Handled once: a second run finds nothing to do.
    expect((await runJob(t.context, relieveEmployees, {})).processed).toBe(0)
  })
})
