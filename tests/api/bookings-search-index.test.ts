import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchBackfillJob } from '../../src/jobs/search.backfill.js'
import { runJob } from '../../src/jobs/run-job.js'
import { listFilter } from '../../src/models/resource-reads.js'
import { boundOf } from '../../src/models/resource-registry.js'
import { SEARCH_GRAMS_FIELD } from '../../src/models/search-grams.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
const ids: Record<string, string> = {}

const api = () => request(t.app)
const SEARCH = ['company_name', 'contact_person', 'email', 'contact_no', 'pan', 'gst', 'services', 'bdm']

async function create(overrides: Record<string, unknown>): Promise<string> {
  const res = await api().post('/api/v1/bookings').set('authorization', srdev.token).send(bookingPayload(overrides))
  expect(res.status).toBe(201)
  return res.body.data._id as string
}

async function gramsOf(app: TestApp, id: string): Promise<string[] | undefined> {
  return (await storedBooking(app, id))?.[SEARCH_GRAMS_FIELD] as string[] | undefined
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What the documented semantics return, asked of the database directly: the regex over the search fields. */
async function regexIds(app: TestApp, term: string, fields = SEARCH): Promise<string[]> {
  const pattern = new RegExp(escape(term), 'i')
  const rows = await app.context.resources.bookings.model.collection
    .find({ deletedAt: null, $or: fields.map((field) => ({ [field]: pattern })) }, { projection: { _id: 1 } })
    .toArray()
  return rows.map((row) => String(row._id)).sort()
}

const idsOf = (rows: Array<{ _id: string }>) => rows.map((row) => row._id).sort()

/** The index the database picks for the list filter the engine builds for `q` (its explain, on either server). */
async function indexFor(app: TestApp, q: string, filter: Record<string, unknown> = {}): Promise<string[]> {
  const bound = boundOf(app.context.db.connection, 'bookings')
  const actor = { kind: 'job', name: 'test.explain' } as const
  const where = listFilter(bound, actor, { page: 1, limit: 20, q, filter }, 'read')
  const explained = await bound.model.find(where).sort({ createdAt: -1 }).explain('queryPlanner')
  return [...JSON.stringify(explained).matchAll(/"indexName":"([^"]+)"/g)].map((match) => match[1] as string)
}

beforeAll(async () => {
  t = await buildTestApp('bookings_search_index')
  srdev = await createUser(t, { role: 'srdev', name: 'Kavya Iyer' })
  ids.sharma = await create({
    company_name: 'Sharma Textiles Pvt',
    contact_person: 'Anita Desai',
    email: 'anita@sharmatex.in',
    contact_no: '9812345670',
    services: ['GST Filing', 'Trademark Registration'],
  })
  ids.plus = await create({
    company_name: 'A+B (Consulting) Co.',
    contact_person: 'Rahul.Verma',
    contact_no: '9000011111',
  })
  ids.cafe = await create({ company_name: 'Café Müller', contact_person: 'Zoë Ünal', contact_no: '9000022222' })
  ids.other = await create({ company_name: 'Nimbus Labs', contact_person: 'Dev Rao', contact_no: '9000033333' })
})
afterAll(async () => {
  await t.close()
})

describe('search grams are written with every write of a booking', () => {
  it('when a booking is created, updated, replaced and restored to a revision, then its grams follow its search fields', async () => {
    const id = await create({ company_name: 'Zephyr Quartz', contact_person: 'Ila Sen', contact_no: '9000044444' })
    expect(await gramsOf(t, id)).toEqual(expect.arrayContaining(['zep', 'phy', 'qua', 'rtz', 'ila', '444']))
    const patched = await api()
      .patch(`/api/v1/bookings/${id}`)
      .set('authorization', srdev.token)
      .send({ company_name: 'Yonder Works' })
    expect(patched.status).toBe(200)
    const afterPatch = await gramsOf(t, id)
    expect(afterPatch).toEqual(expect.arrayContaining(['yon', 'der', 'wor', 'ila']))
    expect(afterPatch).not.toContain('zep')
    const put = await api()
      .put(`/api/v1/bookings/${id}`)
      .set('authorization', srdev.token)
      .send(bookingPayload({ company_name: 'Orbit Mills', contact_person: 'Ila Sen', contact_no: '9000044444' }))
    expect(put.status).toBe(200)
    expect(await gramsOf(t, id)).toEqual(expect.arrayContaining(['orb', 'mil']))
    const restored = await api().post(`/api/v1/bookings/${id}/history/1/restore`).set('authorization', srdev.token)
    expect(restored.status).toBe(200)
    const back = await gramsOf(t, id)
    expect(back).toEqual(expect.arrayContaining(['zep', 'qua']))
    expect(back).not.toContain('orb')
    // The audit trail records business fields only: no entry names the grams.
    const entries = await auditOf(t, id)
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'update', 'update', 'restore-revision'])
    expect(JSON.stringify(entries)).not.toContain(SEARCH_GRAMS_FIELD)
  })

  it('when bookings arrive through the legacy route and an import, then they carry grams too', async () => {
    const legacy = await api()
      .post('/booking/addbooking')
      .set('authorization', srdev.token)
      .send(bookingPayload({ company_name: 'Legacy Quill', contact_no: 9000055555 }))
    expect(legacy.status).toBe(201)
    expect(await gramsOf(t, legacy.body.booking_id as string)).toEqual(expect.arrayContaining(['qui', '555']))
    const csv =
      'branch_name,state,contact_person,email,contact_no,services,total_amount,date,company_name\n' +
      'Noida 402,Delhi,Imran Khan,imran@example.com,9000066666,GST,1000,2025-11-03,Imported Vortex\n'
    const imported = await api()
      .post('/api/v1/bookings/import')
      .set('authorization', srdev.token)
      .attach('file', Buffer.from(csv), 'bookings.csv')
    expect(imported.status).toBe(201)
    const stored = await t.context.resources.bookings.model.collection.findOne({ company_name: 'Imported Vortex' })
    expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['vor', 'imr', '666']))
  })

  it('when a booking is read through any door, then the grams are not in the output', async () => {
    const id = ids.sharma as string
    const auth = (url: string) => api().get(url).set('authorization', srdev.token)
    const responses = await Promise.all([
      auth(`/api/v1/bookings/${id}`),
      auth('/api/v1/bookings?q=sharma'),
      auth(`/api/v1/bookings/${id}/history`),
      auth(`/booking/getbooking/${id}`),
      auth('/user/?pattern=sharma'),
      auth('/booking/bookings/filter?bdmName=ravi&limit=100'),
      auth('/api/v1/bookings/export.csv'),
    ])
    for (const res of responses) {
      expect(res.status).toBe(200)
      expect(res.text).toContain('Sharma')
      expect(res.text).not.toContain(SEARCH_GRAMS_FIELD)
    }
  })
})

describe('searches read the gram index and return exactly what the regex returns', () => {
  const terms: Array<[string, string]> = [
    ['a mid-word substring', 'rma tex'],
    ['mixed case', 'sHaRmA'],
    ['digits of a phone number', '2345'],
    ['a service in the list', 'trademark reg'],
    ['regex metacharacters', '(Consulting) Co.'],
    ['a dot matching only itself', 'l.ver'],
    ['a plus sign', 'A+B'],
  ]
  for (const [what, term] of terms) {
    it(`when searching ${what} (${term}), then q=, pattern= return the regex's bookings through the gram index`, async () => {
      const expected = await regexIds(t, term)
      expect(expected.length).toBeGreaterThan(0)
      const v1 = await api()
        .get(`/api/v1/bookings?q=${encodeURIComponent(term)}&limit=100`)
        .set('authorization', srdev.token)
      expect(v1.status).toBe(200)
      expect(idsOf(v1.body.data)).toEqual(expected)
      expect(v1.body.meta.total).toBe(expected.length)
      const legacy = await api()
        .get(`/user/?pattern=${encodeURIComponent(term)}`)
        .set('authorization', srdev.token)
      expect(idsOf(legacy.body)).toEqual(expected)
      expect(await indexFor(t, term)).toEqual(['searchGrams_1'])
    })
  }

  it('when the legacy filter names a bdm in another case, then it answers the regex result through the gram index', async () => {
    for (const contact_no of ['9000088888', '9000099999']) {
      await create({ user_id: srdev.id, bdm: 'Meenakshi Pillai', contact_no, company_name: 'Kite Co' })
    }
    const expected = await regexIds(t, 'NAKSHI p', ['bdm'])
    expect(expected).toHaveLength(2)
    const res = await api()
      .get('/booking/bookings/filter?bdmName=NAKSHI%20p&limit=100')
      .set('authorization', srdev.token)
    expect(idsOf(res.body.bookings)).toEqual(expected)
    expect(await indexFor(t, '', { bdm: /NAKSHI p/i })).toEqual(['searchGrams_1'])
  })

  it('when a term is shorter than a gram or not ASCII, then it scans and still returns the regex result', async () => {
    for (const term of ['ha', 'Müller', 'zoë']) {
      const expected = await regexIds(t, term)
      expect(expected.length).toBeGreaterThan(0)
      const v1 = await api()
        .get(`/api/v1/bookings?q=${encodeURIComponent(term)}&limit=100`)
        .set('authorization', srdev.token)
      expect(idsOf(v1.body.data)).toEqual(expected)
      expect(await indexFor(t, term)).not.toContain('searchGrams_1')
    }
  })
})

describe('records written before the index existed', () => {
  it('when records lack grams, then search scans until search.backfill fills them, and uses the index after', async () => {
    const collection = t.context.resources.bookings.model.collection
    const old = { ...bookingPayload({ company_name: 'Prehistoric Ferns', contact_no: '9000077777' }) }
    const inserted = await collection.insertOne({
      ...old,
      _id: new Types.ObjectId(),
      user_id: srdev.id,
      date: new Date('2025-11-01'),
      _rev: 4,
      deletedAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    const id = String(inserted.insertedId)
    // A database from before this change: no marker. A restart finds records without grams and keeps scanning.
    await t.context.db.connection.collection('search_index_state').deleteMany({})
    const restarted = await buildTestApp('bookings_search_index', { dbUri: t.dbUri })
    try {
      const user = await createUser(restarted, { role: 'srdev' })
      const before = await request(restarted.app).get('/api/v1/bookings?q=historic').set('authorization', user.token)
      expect(idsOf(before.body.data)).toEqual([id])
      expect(await indexFor(restarted, 'historic')).not.toContain('searchGrams_1')

      const run = await runJob(restarted.context, searchBackfillJob, {})
      expect(run.processed).toBeGreaterThanOrEqual(1)
      const stored = await storedBooking(restarted, id)
      expect(stored?.[SEARCH_GRAMS_FIELD]).toEqual(expect.arrayContaining(['his', 'fer', '777']))
      // Derived data, not a change: same revision, no audit entry.
      expect(stored?._rev).toBe(4)
      expect(await auditOf(restarted, id)).toEqual([])

      const after = await request(restarted.app).get('/api/v1/bookings?q=historic').set('authorization', user.token)
      expect(idsOf(after.body.data)).toEqual([id])
      expect(await indexFor(restarted, 'historic')).toEqual(['searchGrams_1'])
    } finally {
      await restarted.close()
    }
  })
})
