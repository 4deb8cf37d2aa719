import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedSalesLists } from '../../src/models/sales/seed-sales-lists.js'
import { SEED_COUNTRIES, SEED_CURRENCIES } from '../../src/models/sales/sales-seed-data.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { auth, buildSalesApp, created, pathsOf, unique, type Stored } from './sales-app.js'

// Countries and currencies: seeded once at start, read by every signed-in user, kept by developers (seed 2 left
// them public and writable). Labels: one name per kind of record.

describe('sales settings lists', () => {
  let t: TestApp
  let bdm: TestUser
  let dev: TestUser

  beforeAll(async () => {
    t = await buildSalesApp('sales-lists')
    bdm = await createUser(t, { role: 'bdm' })
    dev = await createUser(t, { role: 'dev' })
  })
  afterAll(() => t.close())

  const codes = async (user: TestUser, path: string) => {
    const res = await request(t.app).get(`/api/v1/${path}`).query({ limit: 100 }).set(auth(user))
    expect(res.status).toBe(200)
    return (res.body as { data: Array<{ code: string }> }).data.map((row) => row.code)
  }

  it('when the app has started, countries and currencies hold the seeded set, India and the rupee among them', async () => {
    const user = await createUser(t, { role: 'user' })
    expect((await codes(user, 'countries')).sort()).toEqual(SEED_COUNTRIES.map((row) => row.code).sort())
    expect((await codes(user, 'currencies')).sort()).toEqual(SEED_CURRENCIES.map((row) => row.code).sort())
    const india = await request(t.app).get('/api/v1/countries').query({ code: 'IN' }).set(auth(user))
    expect((india.body as { data: Stored[] }).data).toMatchObject([{ code: 'IN', name: 'India', phoneCode: '+91' }])
    const seeded = (india.body as { data: Stored[] }).data[0]
    expect((await auditOf(t, String(seeded?._id))).map((entry) => [entry.action, entry.reason])).toEqual([
      ['create', 'seeded'],
    ])
  })

  it('when the seed runs again, nothing is added', async () => {
    const before = await t.context.resources.countries.model.countDocuments({})
    await seedSalesLists(t.context.resources, t.context.logger)
    expect(await t.context.resources.countries.model.countDocuments({})).toBe(before)
  })

  it('when nobody is signed in, the lists are not served', async () => {
    expect((await request(t.app).get('/api/v1/countries')).status).toBe(401)
    expect((await request(t.app).post('/api/v1/currencies').send({ code: 'XTS', name: 'T', symbol: 'T' })).status).toBe(
      401,
    )
  })

  it('when a bdm writes to countries or currencies, responds 403 and nothing changes', async () => {
    const countries = t.context.resources.countries.model
    const before = await countries.countDocuments({})
    const create = await request(t.app)
      .post('/api/v1/countries')
      .set(auth(bdm))
      .send({ code: 'ZZ', name: 'Testland', phoneCode: '+999' })
    expect(create.status).toBe(403)
    const inr = await countries.db.collection('currencies').findOne({ code: 'INR' })
    const rename = await request(t.app)
      .patch(`/api/v1/currencies/${String(inr?._id)}`)
      .set(auth(bdm))
      .send({ name: 'Rupee' })
    expect(rename.status).toBe(403)
    expect(await countries.countDocuments({})).toBe(before)
    expect(await countries.db.collection('currencies').findOne({ code: 'INR' })).toMatchObject({ name: 'Indian Rupee' })
  })

  it('when a developer adds a currency, it is stored upper-cased and audited; a duplicate code is 409', async () => {
    const currency = await created(t, dev, 'currencies', { code: 'xts', name: 'Test currency', symbol: 'T' })
    expect(currency.code).toBe('XTS')
    expect((await auditOf(t, currency._id)).map((entry) => entry.action)).toEqual(['create'])
    const again = await request(t.app)
      .post('/api/v1/currencies')
      .set(auth(dev))
      .send({ code: 'XTS', name: 'Again', symbol: 'T' })
    expect(again.status).toBe(409)
    expect(pathsOf(again.body)).toEqual(['code'])
  })

  it('when a country code or phone code is malformed, responds 400 naming the field', async () => {
    const res = await request(t.app)
      .post('/api/v1/countries')
      .set(auth(dev))
      .send({ code: 'IND', name: 'Indiana', phoneCode: '91' })
    expect(res.status).toBe(400)
    expect(pathsOf(res.body).sort()).toEqual(['code', 'phoneCode'])
  })

  it('when a label name is taken for the same kind of record, responds 409; for another kind it is a new label', async () => {
    const name = `Priority ${unique()}`
    await created(t, bdm, 'labels', { name, color: '#123abc', type: 'deals' })
    const labels = t.context.resources.labels.model
    const before = await labels.countDocuments({})
    const taken = await request(t.app)
      .post('/api/v1/labels')
      .set(auth(bdm))
      .send({ name, color: '#654321', type: 'deals' })
    expect(taken.status).toBe(409)
    expect(await labels.countDocuments({})).toBe(before)
    const leads = await created(t, bdm, 'labels', { name, color: '#654321', type: 'leads' })
    expect(leads).toMatchObject({ name, type: 'leads', color: '#654321' })
  })

  it('when a label colour is not #rrggbb or its kind is unknown, responds 400 naming the field', async () => {
    const res = await request(t.app)
      .post('/api/v1/labels')
      .set(auth(bdm))
      .send({ name: 'Odd', color: 'red', type: 'invoices' })
    expect(res.status).toBe(400)
    expect(pathsOf(res.body).sort()).toEqual(['color', 'type'])
  })

  it('when a bdm works with pipelines and labels, they read pipelines and add labels but change neither', async () => {
    const admin = await createUser(t, { role: 'srdev' })
    const pipeline = await created(t, admin, 'pipelines', { name: `Pipeline ${unique()}` })
    expect((await request(t.app).get(`/api/v1/pipelines/${pipeline._id}`).set(auth(bdm))).status).toBe(200)
    const renamed = await request(t.app)
      .patch(`/api/v1/pipelines/${pipeline._id}`)
      .set(auth(bdm))
      .send({ name: 'Mine now' })
    expect(renamed.status).toBe(403)
    const stage = await request(t.app)
      .post('/api/v1/stages')
      .set(auth(bdm))
      .send({ name: 'Extra', pipeline: pipeline._id, order: 9 })
    expect(stage.status).toBe(403)
    const label = await created(t, bdm, 'labels', { name: `Mine ${unique()}`, color: '#00aa00', type: 'deals' })
    const recoloured = await request(t.app)
      .patch(`/api/v1/labels/${label._id}`)
      .set(auth(bdm))
      .send({ color: '#000000' })
    expect(recoloured.status).toBe(403)
    const stored = await t.context.resources.pipelines.model.collection.findOne({ name: pipeline.name })
    expect(stored).toMatchObject({ _rev: 1 })
    expect(await t.context.resources.stages.model.collection.countDocuments({ name: 'Extra' })).toBe(0)
  })
})
