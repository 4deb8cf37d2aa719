import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { auth, buildSalesApp, clientOf, created, pathsOf, unique, type Stored } from './sales-app.js'

// Seed 2's customers are our clients (one record per company): /api/v1/customers serves the clients resource.
// Sub-clients are a client's contacts.

describe('customers and sub-clients', () => {
  let t: TestApp
  let admin: TestUser

  beforeAll(async () => {
    t = await buildSalesApp('sales-customers')
    admin = await createUser(t, { role: 'srdev' })
  })
  afterAll(() => t.close())

  it('when a customer is created at /api/v1/customers, it is a client, listed and read at both paths', async () => {
    const customer = await created(t, admin, 'customers', {
      companyName: `Globex ${unique()}`,
      phone: '9876543210',
      gstIn: '27AAPFU0939F1ZV',
      billingAddress: { city: 'Pune', state: 'Maharashtra' },
    })
    const stored = await t.context.resources.clients.model.collection.findOne({ _id: new Types.ObjectId(customer._id) })
    expect(stored).toMatchObject({ companyName: customer.companyName, gstIn: '27AAPFU0939F1ZV' })
    expect((await auditOf(t, customer._id)).map((entry) => [entry.resource, entry.action])).toEqual([
      ['clients', 'create'],
    ])
    for (const path of ['clients', 'customers']) {
      const list = await request(t.app).get(`/api/v1/${path}`).query({ q: customer.companyName }).set(auth(admin))
      expect((list.body as { data: Stored[] }).data.map((row) => row._id)).toEqual([customer._id])
      expect((await request(t.app).get(`/api/v1/${path}/${customer._id}`).set(auth(admin))).status).toBe(200)
    }
  })

  it('when a contact names a client, it is stored with its client; an unknown client is 400 and stores nothing', async () => {
    const client = await clientOf(t, admin, admin.id)
    const contact = await created(t, admin, 'sub-clients', {
      client,
      name: 'Meera Shah',
      email: 'meera@example.com',
      designation: 'CFO',
    })
    expect(contact).toMatchObject({ client, name: 'Meera Shah', designation: 'CFO' })
    const model = t.context.resources.subClients.model
    const before = await model.countDocuments({})
    const res = await request(t.app)
      .post('/api/v1/sub-clients')
      .set(auth(admin))
      .send({ client: new Types.ObjectId().toHexString(), name: 'Nobody' })
    expect(res.status).toBe(400)
    expect(pathsOf(res.body)).toEqual(['client'])
    expect(await model.countDocuments({})).toBe(before)
  })
})
