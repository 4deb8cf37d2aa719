import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobRunModel } from '../../src/jobs/run-history.js'
import { runJob } from '../../src/jobs/run-job.js'
import { trashPurgeJob } from '../../src/jobs/trash.purge.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'
import { bindRefResources, idOf, seeder, type RefServices } from './reference-fixtures.js'

// A record other records name is not destroyed from under them: trashing stays allowed, a permanent delete is
// refused with 409 naming the referrers, unless the references cascade (then the referrers go too, each audited).

let t: TestApp
let refs: RefServices
let hr: TestUser
let srdev: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('references-destroy')
  refs = bindRefResources(t)
  hr = await createUser(t, { role: 'HR' })
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => t.close())

const api = () => request(t.app)
const DAY = 86_400_000
let codes = 0
/** Department codes are unique: 4 letters, different on every call. */
const nextCode = () =>
  `Q${(codes++).toString(26).padStart(3, '0')}`.replace(/\d/g, (d) => 'ABCDEFGHIJ'.charAt(Number(d)))

async function departmentWithEmployee(): Promise<{ departmentId: string; employeeId: string }> {
  const suffix = new Types.ObjectId().toHexString().slice(-6)
  const dept = await api()
    .post('/api/v1/departments')
    .set('authorization', hr.token)
    .send({ name: `Ops ${suffix}`, code: nextCode() })
  expect(dept.status).toBe(201)
  const user = await createUser(t)
  const employee = await api()
    .post('/api/v1/employees')
    .set('authorization', user.token)
    .send(employeePayload({ department: dept.body.data.name }))
  expect(employee.status).toBe(201)
  return { departmentId: dept.body.data._id, employeeId: employee.body.data._id }
}

describe('destroying a referenced record', () => {
  it('when a department employees name is deleted permanently, responds 409 naming the referrers and nothing changes', async () => {
    const { departmentId, employeeId } = await departmentWithEmployee()
    const trashed = await api().delete(`/api/v1/departments/${departmentId}`).set('authorization', hr.token)
    expect(trashed.status).toBe(200)
    const res = await api().delete(`/api/v1/departments/${departmentId}/permanent`).set('authorization', srdev.token)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('CONFLICT')
    expect(res.body.details).toEqual([{ path: 'employees.department', message: `1 employee names it (${employeeId})` }])
    const stored = await t.context.resources.departments.model.collection.findOne({
      _id: new Types.ObjectId(departmentId),
    })
    expect(stored?.deletedAt).toBeInstanceOf(Date)
    expect((await auditOf(t, departmentId)).map((e) => e.action)).toEqual(['create', 'trash'])
    expect(await t.context.resources.employees.model.countDocuments({ _id: employeeId })).toBe(1)
  })

  it('when the referrer is trashed too, the delete is still refused: a trashed record can come back', async () => {
    const { departmentId, employeeId } = await departmentWithEmployee()
    await t.context.resources.employees.trash(seeder, employeeId)
    await t.context.resources.departments.trash(seeder, departmentId)
    await expect(t.context.resources.departments.destroy(seeder, departmentId)).rejects.toMatchObject({
      status: 409,
      details: [{ path: 'employees.department' }],
    })
    await t.context.resources.employees.destroy(seeder, employeeId)
    await t.context.resources.departments.destroy(seeder, departmentId)
    expect((await auditOf(t, departmentId)).map((e) => e.action)).toEqual(['create', 'trash', 'destroy'])
  })

  it('when a list of references names the record, the delete is refused naming that list', async () => {
    const a = await refs.clients.create(seeder, { name: 'A' })
    const b = await refs.clients.create(seeder, { name: 'B' })
    const deal = await refs.deals.create(seeder, { title: 'D', client: idOf(a), partners: [idOf(b)] })
    await refs.clients.trash(seeder, idOf(b))
    await expect(refs.clients.destroy(seeder, idOf(b))).rejects.toMatchObject({
      status: 409,
      details: [{ path: 'ref_deals.partners', message: `1 ref_deal names it (${idOf(deal)})` }],
    })
  })
})

describe('cascading references', () => {
  it('when a project is deleted permanently, its tasks (live or trashed) are destroyed first, each audited with the cascade', async () => {
    const project = await refs.projects.create(seeder, { name: 'Apollo' })
    const live = await refs.tasks.create(seeder, { title: 'Live', project: idOf(project) })
    const binned = await refs.tasks.create(seeder, { title: 'Binned', project: idOf(project) })
    await refs.tasks.trash(seeder, idOf(binned))
    const other = await refs.projects.create(seeder, { name: 'Other' })
    const unrelated = await refs.tasks.create(seeder, { title: 'Unrelated', project: idOf(other) })
    await refs.projects.trash(seeder, idOf(project))
    await refs.projects.destroy(seeder, idOf(project), { reason: 'closed' })
    const left = await refs.tasks.model.find({}, { _id: 1 }).setOptions({ withTrashed: true }).lean()
    expect(left.map(idOf)).not.toEqual(expect.arrayContaining([idOf(live)]))
    expect(left.map(idOf)).not.toEqual(expect.arrayContaining([idOf(binned)]))
    expect(left.map(idOf)).toEqual(expect.arrayContaining([idOf(unrelated)]))
    for (const task of [live, binned]) {
      const destroyed = (await auditOf(t, idOf(task))).at(-1)
      expect(destroyed).toMatchObject({
        action: 'destroy',
        status: 'committed',
        reason: `cascade: ref_projects ${idOf(project)} deleted permanently`,
        actor: { kind: 'job', name: 'test.references' },
      })
    }
    expect((await auditOf(t, idOf(project))).at(-1)).toMatchObject({ action: 'destroy', reason: 'closed' })
  })
})

describe('the purge job and referenced records', () => {
  it('when an expired trashed record is still named, the purge skips and reports it and purges the others', async () => {
    const { departmentId } = await departmentWithEmployee()
    const loose = await t.context.resources.departments.create(seeder, {
      name: `Loose ${Date.now()}`,
      code: nextCode(),
    })
    const departments = t.context.resources.departments
    for (const id of [departmentId, idOf(loose)]) await departments.trash(seeder, id)
    const longAgo = new Date(Date.now() - 400 * DAY)
    const ids = [departmentId, idOf(loose)].map((id) => new Types.ObjectId(id))
    await departments.model.collection.updateMany({ _id: { $in: ids } }, { $set: { deletedAt: longAgo } })
    const reported: string[] = []
    const outcome = await departments.purgeExpired(new Date(), undefined, {
      onReferenced: (id, referrers) => reported.push(`${id} ${referrers.map((r) => r.path).join()}`),
    })
    expect(outcome).toEqual({ purged: 1, held: 0, referenced: 1 })
    expect(reported).toEqual([`${departmentId} employees.department`])
    expect(await departments.model.collection.countDocuments({ _id: ids[1] })).toBe(0)
    expect(await departments.model.collection.countDocuments({ _id: ids[0] })).toBe(1)
    const run = await runJob(t.context, trashPurgeJob, {})
    const history = await jobRunModel(t.context.db.connection).findById(run.runId).lean()
    expect(history?.outcome).toBe('succeeded')
    expect(await departments.model.collection.countDocuments({ _id: ids[0] })).toBe(1)
  })
})
