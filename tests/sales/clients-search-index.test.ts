import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runJob } from '../../src/jobs/run-job.js'
import { searchBackfillJob } from '../../src/jobs/search.backfill.js'
import { SEARCH_GRAMS_FIELD } from '../../src/models/search-grams.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import {
  expectNoGrams,
  forgetReadyMarkers,
  gramsOf,
  idsOf,
  indexFor,
  insertWithoutGrams,
  regexIds,
  storedOf,
} from '../setup/search-index-checks.js'
import { auth, buildSalesApp, created } from './sales-app.js'

// Seed 2's clients (also served as /api/v1/customers) keep the search index: grams on every write, never shown,
// and q= answers exactly the regex result, through the index once ready and by a scan before.

let t: TestApp
let srdev: TestUser

const api = () => request(t.app)
const grams = (id: string) => gramsOf(t, 'clients', id)

beforeAll(async () => {
  t = await buildSalesApp('clients_search_index')
  srdev = await createUser(t, { role: 'srdev' })
  const rows = [
    { companyName: 'Sharma Textiles Pvt', contactName: 'Anita Desai', email: 'anita@sharmatex.in' },
    { companyName: 'A+B (Consulting) Co.', contactName: 'Rahul.Verma', phone: '9812345670' },
    { companyName: 'Café Müller', contactName: 'Zoë Ünal', gstIn: '27AAPFU0939F1ZV' },
    { companyName: 'Nimbus Labs', contactName: 'Dev Rao', pan: 'ABCDE1234F' },
  ]
  for (const row of rows) await created(t, srdev, 'clients', row)
})
afterAll(async () => t.close())

describe('client grams follow every write door', () => {
  it('when a client is created (as a customer too), patched, replaced, trashed, restored and restored to a revision, then its grams follow its search fields', async () => {
    const id = (await created(t, srdev, 'customers', { companyName: 'Zephyr Quartz', contactName: 'Ila Sen' }))._id
    expect(await grams(id)).toEqual(expect.arrayContaining(['zep', 'rtz', 'ila']))
    await api().patch(`/api/v1/clients/${id}`).set(auth(srdev)).send({ companyName: 'Yonder Works' }).expect(200)
    expect(await grams(id)).toEqual(expect.arrayContaining(['yon', 'wor', 'ila']))
    expect(await grams(id)).not.toContain('zep')
    const put = { companyName: 'Orbit Mills', contactName: 'Ila Sen', billingAddress: { city: 'Kochi' } }
    await api().put(`/api/v1/customers/${id}`).set(auth(srdev)).send(put).expect(200)
    const afterPut = await grams(id)
    expect(afterPut).toEqual(expect.arrayContaining(['orb', 'mil']))
    // The address is not a search field: no grams of it.
    expect(afterPut).not.toContain('koc')
    await api().delete(`/api/v1/clients/${id}`).set(auth(srdev)).expect(200)
    await api().post(`/api/v1/clients/${id}/restore`).set(auth(srdev)).expect(200)
    expect(await grams(id)).toEqual(afterPut)
    await api().post(`/api/v1/clients/${id}/history/1/restore`).set(auth(srdev)).expect(200)
    expect(await grams(id)).toEqual(expect.arrayContaining(['zep', 'qua']))
    expect(await grams(id)).not.toContain('orb')
    const entries = await auditOf(t, id)
    expect(entries.map((entry) => entry.action)).toEqual([
      'create',
      'update',
      'update',
      'trash',
      'restore',
      'restore-revision',
    ])
    expectNoGrams(JSON.stringify(entries))
  })

  it('when clients are imported, then they carry grams', async () => {
    const csv = 'companyName,contactName,email\nImported Vortex,Imran Khan,imran@vortex.example\n'
    const imported = await api()
      .post('/api/v1/clients/import')
      .set(auth(srdev))
      .attach('file', Buffer.from(csv), 'clients.csv')
    expect(imported.status, JSON.stringify(imported.body)).toBe(201)
    expectNoGrams(imported.text)
    const stored = await t.context.resources.clients.model.collection.findOne({ companyName: 'Imported Vortex' })
    expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['vor', 'imr']))
  })

  it('when a client is read through any door, then the grams are not in the output', async () => {
    const id = (await regexIds(t, 'clients', 'Sharma'))[0] as string
    const get = (url: string) => api().get(url).set(auth(srdev))
    const responses = await Promise.all([
      get(`/api/v1/clients/${id}`),
      get(`/api/v1/customers/${id}`),
      get('/api/v1/clients?q=sharma'),
      get('/api/v1/customers?q=sharma'),
      get(`/api/v1/clients/${id}/history`),
      get('/api/v1/clients/export.csv'),
    ])
    for (const res of responses) {
      expect(res.status, res.text.slice(0, 200)).toBe(200)
      expect(res.text).toContain('Sharma')
      expectNoGrams(res.text)
    }
  })
})

const TERMS = ['rma tex', 'sHaRmA', '2345', 'aapfu09', '(Consulting) Co.', 'l.ver', 'A+B', 'cde12']

describe('q= on clients returns the regex result', () => {
  for (const term of TERMS) {
    it(`when searching ${term}, then q= on clients and customers answers the regex's clients through the gram index`, async () => {
      const expected = await regexIds(t, 'clients', term)
      expect(expected.length).toBeGreaterThan(0)
      for (const path of ['clients', 'customers']) {
        const res = await api().get(`/api/v1/${path}`).query({ q: term, limit: 100 }).set(auth(srdev))
        expect(idsOf(res.body.data)).toEqual(expected)
        expect(res.body.meta.total).toBe(expected.length)
      }
      expect(await indexFor(t, 'clients', term)).toEqual(['searchGrams_1'])
    })
  }

  it('when a term is shorter than a gram or not ASCII, then it scans and still returns the regex result', async () => {
    for (const term of ['ha', 'Müller', 'zoë']) {
      const expected = await regexIds(t, 'clients', term)
      expect(expected.length).toBeGreaterThan(0)
      const res = await api().get('/api/v1/clients').query({ q: term, limit: 100 }).set(auth(srdev))
      expect(idsOf(res.body.data)).toEqual(expected)
      expect(await indexFor(t, 'clients', term)).not.toContain('searchGrams_1')
    }
  })
})

describe('clients written before the index existed', () => {
  it('when clients lack grams, then q= scans (same results) until search.backfill fills them, and uses the index after', async () => {
    const id = await insertWithoutGrams(t, 'clients', {
      companyName: 'Prehistoric Ferns',
      contactName: 'Fossil Nair',
      phone: '9000077777',
      ownerId: srdev.id,
    })
    await forgetReadyMarkers(t)
    const restarted = await buildTestApp('clients_search_index', { dbUri: t.dbUri })
    try {
      const user = await createUser(restarted, { role: 'srdev' })
      const search = async (q: string) =>
        idsOf((await request(restarted.app).get('/api/v1/clients').query({ q, limit: 100 }).set(auth(user))).body.data)
      const scanned = { historic: await search('historic'), sharma: await search('sharma') }
      expect(scanned.historic).toEqual([id])
      expect(scanned.sharma).toEqual(await regexIds(restarted, 'clients', 'sharma'))
      expect(await indexFor(restarted, 'clients', 'historic')).not.toContain('searchGrams_1')

      const run = await runJob(restarted.context, searchBackfillJob, {})
      expect(run.processed).toBeGreaterThanOrEqual(1)
      const stored = await storedOf(restarted, 'clients', id)
      expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['his', 'fos', '777']))
      expect(stored?._rev).toBe(3)
      expect(await auditOf(restarted, id)).toEqual([])

      expect(await search('historic')).toEqual(scanned.historic)
      expect(await search('sharma')).toEqual(scanned.sharma)
      expect(await indexFor(restarted, 'clients', 'historic')).toEqual(['searchGrams_1'])
    } finally {
      await restarted.close()
    }
  })
})
