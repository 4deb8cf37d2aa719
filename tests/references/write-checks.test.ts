import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'
import { bindRefResources, idOf, seeder, type RefServices } from './reference-fixtures.js'

// References are checked on every write that sets them: create, update, a full update, restore-to-revision,
// transitions; and a trashed record comes back only while what it references is still there.

let t: TestApp
let refs: RefServices
let hr: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('references-writes')
  refs = bindRefResources(t)
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => t.close())

const api = () => request(t.app)
const missingId = () => new Types.ObjectId().toHexString()

async function client(name = 'Acme') {
  return refs.clients.create(seeder, { name })
}

describe('references checked on create and update', () => {
  it('when a reference names no record, responds 400 naming the field and stores nothing', async () => {
    const before = await refs.deals.model.countDocuments()
    await expect(refs.deals.create(seeder, { title: 'D', client: missingId() })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'client', message: expect.stringMatching(/^must name an existing ref_client/) }],
    })
    expect(await refs.deals.model.countDocuments()).toBe(before)
  })

  it('when a reference names a trashed record, responds 400 naming the field', async () => {
    const gone = await client('Trashed Co')
    await refs.clients.trash(seeder, idOf(gone))
    await expect(refs.deals.create(seeder, { title: 'D', client: idOf(gone) })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'client' }],
    })
  })

  it('when one item of a list of references names nothing, responds 400 naming the list and stores nothing', async () => {
    const a = await client('A')
    const before = await refs.deals.model.countDocuments()
    await expect(
      refs.deals.create(seeder, { title: 'D', client: idOf(a), partners: [idOf(a), missingId()] }),
    ).rejects.toMatchObject({ status: 400, details: [{ path: 'partners' }] })
    expect(await refs.deals.model.countDocuments()).toBe(before)
    const ok = await refs.deals.create(seeder, { title: 'D', client: idOf(a), partners: [idOf(a), idOf(a)] })
    expect(ok.partners).toEqual([idOf(a), idOf(a)].map((id) => new Types.ObjectId(id)))
  })

  it('when an update changes a reference to a missing record, responds 400 and the stored record keeps its value', async () => {
    const a = await client('A')
    const deal = await refs.deals.create(seeder, { title: 'D', client: idOf(a) })
    await expect(refs.deals.update(seeder, idOf(deal), { client: missingId() })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'client' }],
    })
    const stored = await refs.deals.model.findById(idOf(deal)).lean()
    expect(String(stored?.client)).toBe(idOf(a))
    expect((await auditOf(t, idOf(deal))).map((e) => e.action)).toEqual(['create'])
  })

  it('when an update sends back an unchanged reference whose record was trashed since, the other changes apply', async () => {
    const a = await client('A')
    const deal = await refs.deals.create(seeder, { title: 'D', client: idOf(a) })
    await refs.clients.trash(seeder, idOf(a))
    const updated = await refs.deals.update(seeder, idOf(deal), { title: 'D2', client: idOf(a) })
    expect(updated.title).toBe('D2')
    expect((await auditOf(t, idOf(deal))).map((e) => e.action)).toEqual(['create', 'update'])
  })
})

describe('references checked when history or the trash brings values back', () => {
  it('when a revision is restored whose reference is now trashed, responds 400 naming the field and nothing changes', async () => {
    const a = await client('A')
    const b = await client('B')
    const deal = await refs.deals.create(seeder, { title: 'D', client: idOf(a) })
    await refs.deals.update(seeder, idOf(deal), { client: idOf(b) })
    await refs.clients.trash(seeder, idOf(a))
    await expect(refs.deals.restoreRevision(seeder, idOf(deal), 1)).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'client' }],
    })
    const stored = await refs.deals.model.findById(idOf(deal)).lean()
    expect(String(stored?.client)).toBe(idOf(b))
    expect((await auditOf(t, idOf(deal))).map((e) => e.action)).toEqual(['create', 'update'])
  })

  it('when a trashed record is restored while its reference is trashed, responds 409 naming the field and it stays in the trash', async () => {
    const a = await client('A')
    const deal = await refs.deals.create(seeder, { title: 'D', client: idOf(a) })
    await refs.deals.trash(seeder, idOf(deal))
    await refs.clients.trash(seeder, idOf(a))
    await expect(refs.deals.restore(seeder, idOf(deal))).rejects.toMatchObject({
      status: 409,
      details: [{ path: 'client', message: 'names a ref_client that is trashed or gone' }],
    })
    const stored = await refs.deals.model.findById(idOf(deal)).setOptions({ withTrashed: true }).lean()
    expect(stored?.deletedAt).toBeInstanceOf(Date)
    await refs.clients.restore(seeder, idOf(a))
    const back = await refs.deals.restore(seeder, idOf(deal))
    expect(back.deletedAt).toBeNull()
    expect((await auditOf(t, idOf(deal))).map((e) => e.action)).toEqual(['create', 'trash', 'restore'])
  })
})

describe('employees name departments and branches by name', () => {
  it('when HR sets a department that exists, the profile takes it; a trashed one is refused with 400 naming department', async () => {
    const created = await api()
      .post('/api/v1/departments')
      .set('authorization', hr.token)
      .send({
        name: `Research ${new Types.ObjectId().toHexString().slice(-6)}`,
        code: 'RS',
      })
    expect(created.status).toBe(201)
    const user = await createUser(t)
    const profile = await api()
      .post('/api/v1/employees')
      .set('authorization', user.token)
      .send(employeePayload({ department: created.body.data.name }))
    expect(profile.status).toBe(201)
    expect(profile.body.data.department).toBe(created.body.data.name)

    const trashed = await api().delete(`/api/v1/departments/${created.body.data._id}`).set('authorization', hr.token)
    expect(trashed.status).toBe(200)
    const other = await createUser(t)
    const refused = await api()
      .post('/api/v1/employees')
      .set('authorization', other.token)
      .send(employeePayload({ department: created.body.data.name }))
    expect(refused.status).toBe(400)
    expect(refused.body.details).toEqual([{ path: 'department', message: expect.stringMatching(/department/) }])
    expect(await t.context.resources.employees.model.countDocuments({ userId: other.id })).toBe(0)
  })

  it('when a department employees name is renamed, responds 409 naming them and keeps its name; an unnamed one may be renamed', async () => {
    const suffix = new Types.ObjectId().toHexString().slice(-6)
    const named = await t.context.resources.departments.create(seeder, { name: `Named ${suffix}`, code: 'NMD' })
    const loose = await t.context.resources.departments.create(seeder, { name: `Loose ${suffix}`, code: 'LSE' })
    const user = await createUser(t)
    const profile = await api()
      .post('/api/v1/employees')
      .set('authorization', user.token)
      .send(employeePayload({ department: named.name }))
    expect(profile.status).toBe(201)
    const refused = await api()
      .patch(`/api/v1/departments/${idOf(named)}`)
      .set('authorization', hr.token)
      .send({ name: `Renamed ${suffix}` })
    expect(refused.status).toBe(409)
    expect(refused.body.details).toEqual([
      { path: 'employees.department', message: `1 employee names it (${String(profile.body.data._id)})` },
    ])
    expect((await t.context.resources.departments.model.findById(idOf(named)).lean())?.name).toBe(named.name)
    expect((await auditOf(t, idOf(named))).map((e) => e.action)).toEqual(['create'])
    const renamed = await api()
      .patch(`/api/v1/departments/${idOf(loose)}`)
      .set('authorization', hr.token)
      .send({ name: `Renamed ${suffix}` })
    expect(renamed.status).toBe(200)
    expect((await auditOf(t, idOf(loose))).map((e) => e.action)).toEqual(['create', 'update'])
  })

  it('when a malformed record id is sent for an id reference, the input is refused naming the field (400 at the edge)', async () => {
    await expect(refs.deals.create(seeder, { title: 'D', client: 'zzzzzzzzzzzzzzzzzzzzzzzz' })).rejects.toMatchObject({
      issues: [{ path: ['client'], message: 'must be a client id' }],
    })
  })
})
