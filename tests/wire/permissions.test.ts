import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoleGrant } from '../../src/access/matrix.js'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('wire_permissions')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
const storedRole = async (name: string) => t.context.models.roles.findOne({ name }).lean()
const grantsOf = async (name: string): Promise<RoleGrant[]> => (await storedRole(name))?.grants ?? []
const lineOf = (grants: RoleGrant[], resource: string) => grants.find((grant) => grant.resource === resource)
const roleAudit = async (name: string): Promise<AuditEntry[]> =>
  t.context.resources.audit
    .find({ resource: 'roles', documentId: (await storedRole(name))?._id })
    .sort({ revision: 1 })
    .lean<AuditEntry[]>()

async function newRole(name: string, grants: unknown[]): Promise<void> {
  const res = await api().post('/api/v1/roles').set('authorization', srdev.token).send({ name, grants })
  expect(res.status).toBe(201)
}

describe('GET /api/v1/permissions', () => {
  it("answers seed 2's role -> module -> entity -> flags JSON read from the roles collection", async () => {
    const res = await api().get('/api/v1/permissions').set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ success: true, message: 'Permissions fetched' })
    const data = res.body.data as Record<string, Record<string, Record<string, Record<string, boolean>>>>
    expect(Object.keys(data).sort()).toEqual(['HR', 'admin', 'bdm', 'dev', 'senior admin', 'srdev', 'user'])
    expect(Object.keys(data.srdev ?? {})).toEqual(expect.arrayContaining(['People', 'Sales', 'HR', 'Money', 'Jobs']))
    expect(data.HR?.HR?.employees).toEqual({ create: true, view: true, update: true, delete: true })
    expect(data.user?.Sales?.services).toEqual({ create: false, view: true, update: false, delete: false })
    expect(data.dev?.People?.roles).toEqual({ create: false, view: true, update: false, delete: false })
    expect(res.body.meta.flags.delete).toMatch(/trash/)
  })

  it('a role that may not read roles gets 403; one role alone is at /:role', async () => {
    const user = await createUser(t, { role: 'user' })
    expect((await api().get('/api/v1/permissions').set('authorization', user.token)).status).toBe(403)
    const one = await api().get('/api/v1/permissions/bdm').set('authorization', srdev.token)
    expect(one.status).toBe(200)
    expect(one.body.data.Sales.services.view).toBe(true)
    expect((await api().get('/api/v1/permissions/nobody').set('authorization', srdev.token)).status).toBe(404)
  })
})

describe('PUT /api/v1/permissions', () => {
  it('translates flags into grants of the roles collection, keeping scope and field limits, audited as a roles update', async () => {
    const before = lineOf(await grantsOf('admin'), 'bookings')
    expect(before?.readonlyFields).toEqual(['services'])
    const res = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({ admin: { Sales: { bookings: { delete: true } } }, bdm: { Sales: { services: { create: true } } } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ success: true, message: 'Permissions updated' })
    expect(res.body.meta.changedRoles.sort()).toEqual(['admin', 'bdm'])
    expect(res.body.data.admin.Sales.bookings).toEqual({ create: true, view: true, update: true, delete: true })
    const after = lineOf(await grantsOf('admin'), 'bookings')
    expect(after).toMatchObject({ scope: 'all', readonlyFields: ['services'], maskedFields: [] })
    expect(after?.actions).toEqual([...(before?.actions ?? []), 'trash', 'restore'])
    expect(lineOf(await grantsOf('bdm'), 'services')?.actions).toEqual(['read', 'create'])
    const entries = await roleAudit('bdm')
    expect(entries.at(-1)).toMatchObject({
      action: 'update',
      status: expect.stringMatching(/pending|committed/),
      actor: { kind: 'user', id: srdev.id, role: 'srdev' },
    })
    expect(entries.at(-1)?.changes.map((change) => change.path)).toEqual(['grants'])
    // The change is live at once: a bdm may now create services.
    const bdm = await createUser(t, { role: 'bdm' })
    const created = await api()
      .post('/api/v1/services')
      .set('authorization', bdm.token)
      .send({ label: 'Via permissions', value: 'via-permissions' })
    expect(created.status).toBe(201)
  })

  it('turning view and delete off removes every reading and deleting action; sending back what GET showed changes nothing', async () => {
    await newRole('clerk', [
      { resource: 'services', actions: ['read', 'export', 'history', 'trash', 'restore', 'destroy'] },
    ])
    const off = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({ clerk: { Sales: { services: { view: false, delete: false, create: true } } } })
    expect(off.status).toBe(200)
    expect(lineOf(await grantsOf('clerk'), 'services')?.actions).toEqual(['create'])
    const revision = (await roleAudit('clerk')).length
    const current = await api().get('/api/v1/permissions/clerk').set('authorization', srdev.token)
    const same = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({ clerk: current.body.data })
    expect(same.status).toBe(200)
    expect(same.body.meta.changedRoles).toEqual([])
    expect(await roleAudit('clerk')).toHaveLength(revision)
  })

  it('unknown role, module or entity: 400 naming each; nothing changes', async () => {
    const before = await grantsOf('HR')
    const res = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({
        HR: { HR: { employees: { delete: false }, bookings: { view: true } }, Galaxy: { stars: { view: true } } },
        ghosts: { Sales: { services: { view: true } } },
      })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: 'HR.HR.bookings', message: 'is not an entity of HR' },
        expect.objectContaining({ path: 'HR.Galaxy' }),
        { path: 'ghosts', message: 'is not a role' },
      ]),
    )
    const bad = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({ HR: { HR: { employees: { delete: 'no' } } } })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].path).toBe('HR.HR.employees.delete')
    expect(await grantsOf('HR')).toEqual(before)
  })

  it('a role without update on roles is refused (403) and nothing changes; srdev itself cannot be changed', async () => {
    const dev = await createUser(t, { role: 'dev' })
    const before = await grantsOf('user')
    const res = await api()
      .put('/api/v1/permissions')
      .set('authorization', dev.token)
      .send({ user: { Sales: { services: { create: true } } } })
    expect(res.status).toBe(403)
    expect(await grantsOf('user')).toEqual(before)
    const srdevRole = await api()
      .put('/api/v1/permissions')
      .set('authorization', srdev.token)
      .send({ srdev: { Sales: { services: { create: false } } } })
    expect(srdevRole.status).toBe(403)
  })

  it('the subset rule: nobody grants a right they do not hold, and a refused change writes no role at all', async () => {
    await newRole('roleadmin', [
      { resource: 'roles', actions: ['read', 'update'] },
      { resource: 'services', actions: ['read'] },
    ])
    await newRole('intern', [])
    const admin = await createUser(t, { role: 'roleadmin' })
    const allowed = await api()
      .put('/api/v1/permissions')
      .set('authorization', admin.token)
      .send({ intern: { Sales: { services: { view: true } } } })
    expect(allowed.status).toBe(200)
    expect(await grantsOf('intern')).toEqual([
      { resource: 'services', actions: ['read'], scope: 'all', maskedFields: [], readonlyFields: [] },
    ])
    const refused = await api()
      .put('/api/v1/permissions')
      .set('authorization', admin.token)
      .send({ intern: { Sales: { services: { update: true }, bookings: { view: true } } } })
    expect(refused.status).toBe(403)
    expect(lineOf(await grantsOf('intern'), 'services')?.actions).toEqual(['read'])
    expect(lineOf(await grantsOf('intern'), 'bookings')).toBeUndefined()
  })
})
