import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { DEFAULT_ROLES } from '../../src/access/matrix.js'

/** The seeded matrix's grant count for a role (the matrix grows as resources are added). */
const defaultGrantCount = (name: string): number | undefined =>
  DEFAULT_ROLES.find((role) => role.name === name)?.grants.length

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('roles')
})
afterAll(async () => {
  await t.close()
})

const roleId = async (name: string): Promise<string> =>
  String((await t.context.models.roles.findOne({ name }).lean())?._id)

describe('/api/v1/roles', () => {
  it('lists the seven seeded roles with their grants', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const res = await request(t.app).get('/api/v1/roles').set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.body.data.map((r: { name: string }) => r.name).sort()).toEqual(
      ['HR', 'admin', 'bdm', 'dev', 'senior admin', 'srdev', 'user'].sort(),
    )
    const senior = res.body.data.find((r: { name: string }) => r.name === 'senior admin')
    expect(senior.grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: 'employees',
          actions: ['read', 'export'],
          maskedFields: expect.arrayContaining(['offeredSalary']),
        }),
      ]),
    )
  })

  it('when srdev grants HR users:create, an HR user can create users on the very next request', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const hr = await createUser(t, { role: 'HR' })
    const body = { name: 'Via HR', email: 'via.hr@example.com', password: 'Pw-secret-long-enough' }
    expect((await request(t.app).post('/api/v1/users').set('authorization', hr.token).send(body)).status).toBe(403)
    const current = await request(t.app)
      .get(`/api/v1/roles/${await roleId('HR')}`)
      .set('authorization', srdev.token)
    const grants = (current.body.data.grants as { resource: string; actions: string[] }[]).map((g) =>
      g.resource === 'users' ? { ...g, actions: ['read', 'create'] } : g,
    )
    const patched = await request(t.app)
      .patch(`/api/v1/roles/${await roleId('HR')}`)
      .set('authorization', srdev.token)
      .send({ grants })
    expect(patched.status).toBe(200)
    expect((await request(t.app).post('/api/v1/users').set('authorization', hr.token).send(body)).status).toBe(201)
  })

  it('an unknown action in a grant is a 400 naming the path; nothing changes', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const id = await roleId('bdm')
    const res = await request(t.app)
      .patch(`/api/v1/roles/${id}`)
      .set('authorization', srdev.token)
      .send({ grants: [{ resource: 'bookings', actions: ['fly'] }] })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toBe('grants.0.actions.0')
    expect((await t.context.models.roles.findById(id).lean())?.grants.length).toBe(defaultGrantCount('bdm'))
  })

  it('the srdev role cannot be changed or deleted; a role in use cannot be deleted (409); a duplicate name is 409', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const srdevId = await roleId('srdev')
    expect(
      (await request(t.app).patch(`/api/v1/roles/${srdevId}`).set('authorization', srdev.token).send({ grants: [] }))
        .status,
    ).toBe(403)
    expect((await request(t.app).delete(`/api/v1/roles/${srdevId}`).set('authorization', srdev.token)).status).toBe(403)
    expect((await t.context.models.roles.findById(srdevId).lean())?.grants.length).toBe(defaultGrantCount('srdev'))
    await createUser(t, { role: 'bdm' })
    const inUse = await request(t.app)
      .delete(`/api/v1/roles/${await roleId('bdm')}`)
      .set('authorization', srdev.token)
    expect(inUse.status).toBe(409)
    const dup = await request(t.app).post('/api/v1/roles').set('authorization', srdev.token).send({ name: 'dev' })
    expect(dup.status).toBe(409)
    expect(dup.body.details).toEqual([expect.objectContaining({ path: 'name' })])
  })

  it('a malformed role id is 404', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    expect((await request(t.app).get('/api/v1/roles/zzz').set('authorization', srdev.token)).status).toBe(404)
  })
})
