import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leadsDedupeJob } from '../../src/jobs/leads.dedupe.js'
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
import { formBody, rawEmail } from './lead-fixtures.js'

// Leads keep the search index (`searchIndex: true`): every write door keeps the grams current, no output shows them,
// and q= answers exactly the regex result, through the index once ready and by a scan before.

const SECRET = 'inbound-secret-for-search-tests-01'
let t: TestApp
let srdev: TestUser

const api = () => request(t.app)
const grams = (id: string) => gramsOf(t, 'leads', id)

async function createLead(body: Record<string, unknown>): Promise<string> {
  const res = await api().post('/api/v1/leads').set('authorization', srdev.token).send(body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.data._id as string
}

beforeAll(async () => {
  t = await buildTestApp('lead_search_index', {
    env: { LEAD_INBOUND_SECRET: SECRET, LEAD_INTAKE_MAX_PER_IP: '1000' },
  })
  srdev = await createUser(t, { role: 'srdev' })
  await createLead({ name: 'Anita Desai', companyName: 'Sharma Textiles', email: 'anita@sharmatex.in' })
  await createLead({ name: 'Rahul.Verma', companyName: 'A+B (Consulting) Co.', phoneNumber: '9812345670' })
  await createLead({ name: 'Zoë Ünal', companyName: 'Café Müller', email: 'zoe@cafe.example' })
  await createLead({ name: 'Dev Rao', companyName: 'Nimbus Labs', service: 'Trademark Registration', email: 'd@n.in' })
})
afterAll(async () => t.close())

describe('lead grams follow every write door', () => {
  it('when a lead is created, patched, replaced, moved through its workflow, trashed, restored and restored to a revision, then its grams follow its search fields', async () => {
    const id = await createLead({ name: 'Ila Sen', companyName: 'Zephyr Quartz', email: 'ila@zephyr.in' })
    expect(await grams(id)).toEqual(expect.arrayContaining(['zep', 'qua', 'ila', 'yr.']))
    const auth = { authorization: srdev.token }
    await api().patch(`/api/v1/leads/${id}`).set(auth).send({ companyName: 'Yonder Works' }).expect(200)
    expect(await grams(id)).toEqual(expect.arrayContaining(['yon', 'wor', 'zep']))
    expect(await grams(id)).not.toContain('rtz')
    const put = { name: 'Ila Sen', companyName: 'Orbit Mills', email: 'ila@zephyr.in', location: 'Kochi' }
    await api().put(`/api/v1/leads/${id}`).set(auth).send(put).expect(200)
    expect(await grams(id)).toEqual(expect.arrayContaining(['orb', 'mil', 'koc']))
    const afterPut = await grams(id)
    await api().post(`/api/v1/leads/${id}/lose`).set(auth).send({ reason: 'went elsewhere' }).expect(200)
    await api().post(`/api/v1/leads/${id}/reopen`).set(auth).send({}).expect(200)
    await api().delete(`/api/v1/leads/${id}`).set(auth).expect(200)
    await api().post(`/api/v1/leads/${id}/restore`).set(auth).expect(200)
    expect(await grams(id)).toEqual(afterPut)
    await api().post(`/api/v1/leads/${id}/history/1/restore`).set(auth).expect(200)
    expect(await grams(id)).toEqual(expect.arrayContaining(['zep', 'qua', 'rtz']))
    expect(await grams(id)).not.toContain('orb')
    expect(await grams(id)).not.toContain('koc')
    const entries = await auditOf(t, id)
    expect(entries.map((entry) => entry.action)).toEqual([
      'create',
      'update',
      'update',
      'transition',
      'transition',
      'trash',
      'restore',
      'restore-revision',
    ])
    expectNoGrams(JSON.stringify(entries))
  })

  it('when leads arrive by the website form (both doors), the inbound email hook, an import and a legacy edit, then they carry grams', async () => {
    const form = await api()
      .post('/api/v1/leads/intake')
      .send(formBody({ companyName: 'Quillfeather Ltd' }))
    expect(form.status).toBe(201)
    expect(await grams(form.body.data.id as string)).toEqual(expect.arrayContaining(['qui', 'fea']))
    const legacy = await api()
      .post('/email/add')
      .send(formBody({ companyName: 'Legacy Lantern' }))
    expect(legacy.status).toBe(201)
    expect(await grams(legacy.body.id as string)).toEqual(expect.arrayContaining(['lan', 'ter']))
    const mail = await api()
      .post('/api/v1/leads/inbound-email')
      .set('Content-Type', 'message/rfc822')
      .set('X-Inbound-Secret', SECRET)
      .send(rawEmail({ text: 'Name: Kiran Rao\nEmail: kiran@example.com\nService: Pollination Audit\n' }))
    expect(mail.status).toBe(201)
    expect(await grams(mail.body.data.id as string)).toEqual(expect.arrayContaining(['kir', 'pol', 'aud']))
    expectNoGrams(form.text, legacy.text, mail.text)

    const csv = 'name,companyName,email\nImran Khan,Imported Vortex,imran@vortex.example\n'
    const imported = await api()
      .post('/api/v1/leads/import')
      .set('authorization', srdev.token)
      .attach('file', Buffer.from(csv), 'leads.csv')
    expect(imported.status, JSON.stringify(imported.body)).toBe(201)
    const stored = await t.context.resources.leads.model.collection.findOne({ companyName: 'Imported Vortex' })
    expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['vor', 'imr']))

    const edited = await api()
      .patch(`/email/${legacy.body.id as string}`)
      .set('authorization', srdev.token)
      .send({ companyName: 'Edited Emporium' })
    expect(edited.status).toBe(200)
    expect(await grams(legacy.body.id as string)).toEqual(expect.arrayContaining(['emp', 'edi']))
    expect(await grams(legacy.body.id as string)).not.toContain('lan')
    expectNoGrams(edited.text)
  })

  it('when the dedupe job merges leads and the merge is undone, then the survivor holds the grams of its fields each time', async () => {
    const email = `dup.${Date.now()}@merge.example`
    const oldest = await createLead({ name: 'Old Lead', email })
    const other = await createLead({ name: 'New Lead', email, companyName: 'Gryphon Works' })
    const before = await grams(oldest)
    await runJob(t.context, leadsDedupeJob, {})
    expect(await storedOf(t, 'leads', other)).toMatchObject({ mergedInto: oldest })
    expect(await storedOf(t, 'leads', oldest)).toMatchObject({ companyName: 'Gryphon Works' })
    expect(await grams(oldest)).toEqual(expect.arrayContaining(['gry', 'pho']))
    const undo = await api().post(`/api/v1/leads/${other}/unmerge`).set('authorization', srdev.token).send({})
    expect(undo.status).toBe(200)
    expect(await grams(oldest)).toEqual(before)
  })

  it('when a lead is read through any door, then the grams are not in the output', async () => {
    const id = (await regexIds(t, 'leads', 'Sharma'))[0] as string
    const get = (url: string) => api().get(url).set('authorization', srdev.token)
    const responses = await Promise.all([
      get(`/api/v1/leads/${id}`),
      get('/api/v1/leads?q=sharma'),
      get(`/api/v1/leads/${id}/history`),
      get(`/api/v1/leads/${id}/activity`),
      get('/api/v1/leads/export.csv'),
      get(`/email/${id}`),
      get('/email/all'),
    ])
    for (const res of responses) {
      expect(res.status, res.text.slice(0, 200)).toBe(200)
      expect(res.text).toContain('Sharma')
      expectNoGrams(res.text)
    }
    // The legacy unassigned queue (leads from the website form and the mailbox).
    const queue = await get('/leads/all')
    expect(queue.status).toBe(200)
    expect(queue.body.length).toBeGreaterThan(0)
    expectNoGrams(queue.text)
  })
})

const TERMS = ['rma tex', 'sHaRmA', '2345', 'trademark reg', '(Consulting) Co.', 'l.ver', 'A+B', 'sharmatex.in']

describe('q= on leads returns the regex result', () => {
  for (const term of TERMS) {
    it(`when searching ${term}, then q= answers the regex's leads through the gram index`, async () => {
      const expected = await regexIds(t, 'leads', term, { mergedInto: null })
      expect(expected.length).toBeGreaterThan(0)
      const res = await api().get('/api/v1/leads').query({ q: term, limit: 100 }).set('authorization', srdev.token)
      expect(idsOf(res.body.data)).toEqual(expected)
      expect(res.body.meta.total).toBe(expected.length)
      expect(await indexFor(t, 'leads', term)).toEqual(['searchGrams_1'])
    })
  }

  it('when a term is shorter than a gram or not ASCII, then it scans and still returns the regex result', async () => {
    for (const term of ['ha', 'Müller', 'zoë']) {
      const expected = await regexIds(t, 'leads', term, { mergedInto: null })
      expect(expected.length).toBeGreaterThan(0)
      const res = await api().get('/api/v1/leads').query({ q: term, limit: 100 }).set('authorization', srdev.token)
      expect(idsOf(res.body.data)).toEqual(expected)
      expect(await indexFor(t, 'leads', term)).not.toContain('searchGrams_1')
    }
  })
})

describe('leads written before the index existed', () => {
  it('when leads lack grams, then q= scans (same results) until search.backfill fills them, and uses the index after', async () => {
    const id = await insertWithoutGrams(t, 'leads', {
      name: 'Prehistoric Ferns',
      companyName: 'Fossil Nursery',
      email: 'ferns@fossil.example',
      phoneNumber: '+919000077777',
      source: 'website',
      status: 'new',
      assignedTo: null,
      mergedInto: null,
    })
    await forgetReadyMarkers(t)
    const restarted = await buildTestApp('lead_search_index', { dbUri: t.dbUri })
    try {
      const user = await createUser(restarted, { role: 'srdev' })
      const search = async (q: string) =>
        idsOf(
          (await request(restarted.app).get('/api/v1/leads').query({ q, limit: 100 }).set('authorization', user.token))
            .body.data,
        )
      const scanned = { historic: await search('historic'), sharma: await search('sharma') }
      expect(scanned.historic).toEqual([id])
      expect(scanned.sharma).toEqual(await regexIds(restarted, 'leads', 'sharma', { mergedInto: null }))
      expect(await indexFor(restarted, 'leads', 'historic')).not.toContain('searchGrams_1')

      const run = await runJob(restarted.context, searchBackfillJob, {})
      expect(run.processed).toBeGreaterThanOrEqual(1)
      const stored = await storedOf(restarted, 'leads', id)
      expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['his', 'fos', '777']))
      expect(stored?._rev).toBe(3)
      expect(await auditOf(restarted, id)).toEqual([])

      // Ready: the same answers, now through the index.
      expect(await search('historic')).toEqual(scanned.historic)
      expect(await search('sharma')).toEqual(scanned.sharma)
      expect(await indexFor(restarted, 'leads', 'historic')).toEqual(['searchGrams_1'])
    } finally {
      await restarted.close()
    }
  })
})
