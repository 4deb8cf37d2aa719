import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload } from '../setup/employee-app.js'
import { bindRefResources, idOf, seeder, userWith, type RefServices } from './reference-fixtures.js'

// `expand=`: a reference's value replaced by `{ _id, ...label fields }` of the record it names, only where the
// caller may read that record, looked up once per field per page.

let t: TestApp
let refs: RefServices
let hr: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('references-expand')
  refs = bindRefResources(t)
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

async function department(name: string) {
  const found = await t.context.resources.departments.model.findOne({ name }).lean()
  return { _id: String(found?._id), name }
}

describe('expand= on /api/v1', () => {
  it('when a list names a reference field, each row embeds the record it names with its label', async () => {
    const user = await createUser(t)
    const created = await api()
      .post('/api/v1/employees')
      .set('authorization', user.token)
      .send(employeePayload({ department: 'Legal', branch: '407 AMD' }))
    expect(created.status).toBe(201)
    const res = await api()
      .get('/api/v1/employees')
      .query({ userId: user.id, expand: 'department,branch' })
      .set('authorization', hr.token)
    expect(res.status).toBe(200)
    const branch = await t.context.resources.branches.model.findOne({ name: '407 AMD' }).lean()
    expect(res.body.data).toEqual([
      expect.objectContaining({
        _id: created.body.data._id,
        department: await department('Legal'),
        branch: { _id: String(branch?._id), name: '407 AMD' },
      }),
    ])
    const plain = await api().get('/api/v1/employees').query({ userId: user.id }).set('authorization', hr.token)
    expect(plain.body.data[0].department).toBe('Legal')
  })

  it('when a single get names a reference field, the record embeds it; without expand it stays the key', async () => {
    const user = await createUser(t)
    const created = await api()
      .post('/api/v1/employees')
      .set('authorization', user.token)
      .send(employeePayload({ department: 'Finance' }))
    const url = `/api/v1/employees/${created.body.data._id}`
    const expanded = await api().get(url).query({ expand: 'department' }).set('authorization', hr.token)
    expect(expanded.status).toBe(200)
    expect(expanded.body.data.department).toEqual(await department('Finance'))
    expect(expanded.body.data.branch).toBe('Main Branch')
  })

  it('when expand names anything but a reference field, responds 400 naming expand', async () => {
    for (const url of ['/api/v1/employees', `/api/v1/employees/${new Types.ObjectId().toHexString()}`]) {
      const res = await api().get(url).query({ expand: 'department,status' }).set('authorization', hr.token)
      expect(res.status).toBe(400)
      expect(res.body.details).toEqual([{ path: 'expand', message: expect.stringContaining('department, branch') }])
    }
    const none = await api().get('/api/v1/services').query({ expand: 'label' }).set('authorization', hr.token)
    expect(none.status).toBe(400)
    expect(none.body.details).toEqual([{ path: 'expand', message: 'services has no reference fields to expand' }])
  })

  it('the OpenAPI document describes expand on lists and gets', async () => {
    const res = await api().get('/api/openapi.json')
    const path = res.body.paths['/api/v1/employees/{id}'].get
    const names = (path.parameters as Array<{ name: string }>).map((p) => p.name)
    expect(names).toContain('expand')
    const list = res.body.paths['/api/v1/employees'].get.parameters as Array<{ name: string }>
    expect(list.map((p) => p.name)).toContain('expand')
  })
})

describe('expand through the referenced resource access', () => {
  it('when the caller may not read the referenced resource, the raw id stays', async () => {
    const client = await refs.clients.create(seeder, { name: 'Acme', city: 'Pune' })
    const deal = await refs.deals.create(seeder, { title: 'Big', client: idOf(client) })
    const dealsOnly = userWith(new Types.ObjectId().toHexString(), [
      { resource: 'ref_deals', actions: ['read'], scope: 'all' },
    ])
    const got = await refs.deals.get(dealsOnly, idOf(deal), { expand: ['client'] })
    expect(String(got.client)).toBe(idOf(client))
  })

  it('when the caller reads only their own referenced records, only those are embedded, in one query per field', async () => {
    const me = new Types.ObjectId().toHexString()
    const mine = await refs.clients.create(seeder, { name: 'Mine', city: 'Pune', ownerId: me })
    const theirs = await refs.clients.create(seeder, {
      name: 'Theirs',
      city: 'Goa',
      ownerId: new Types.ObjectId().toHexString(),
    })
    const title = `Batch ${new Types.ObjectId().toHexString()}`
    for (const client of [mine, theirs, mine]) {
      await refs.deals.create(seeder, { title, client: idOf(client), partners: [idOf(mine), idOf(theirs)] })
    }
    const reader = userWith(me, [
      { resource: 'ref_deals', actions: ['read'], scope: 'all' },
      { resource: 'ref_clients', actions: ['read'], scope: 'own' },
    ])
    const queries: string[] = []
    t.context.db.connection.set('debug', (collection: string, method: string) => {
      if (collection === 'ref_clients') queries.push(method)
    })
    const page = await refs.deals.list(reader, { page: 1, limit: 10, q: title, expand: ['client', 'partners'] })
    t.context.db.connection.set('debug', false)
    expect(queries).toEqual(['find', 'find'])
    const embeddedMine = { _id: idOf(mine), name: 'Mine', city: 'Pune' }
    expect(page.items.map((deal) => deal.client)).toEqual(
      expect.arrayContaining([embeddedMine, new Types.ObjectId(idOf(theirs)).toHexString()]),
    )
    for (const deal of page.items) expect(deal.partners).toEqual([embeddedMine, new Types.ObjectId(idOf(theirs))])
  })

  it('when the referenced record is trashed, the raw id stays', async () => {
    const client = await refs.clients.create(seeder, { name: 'Soon gone' })
    const deal = await refs.deals.create(seeder, { title: 'Big', client: idOf(client) })
    await refs.clients.trash(seeder, idOf(client))
    const got = await refs.deals.get(seeder, idOf(deal), { expand: ['client'] })
    expect(got.client).toBe(idOf(client))
  })
})
