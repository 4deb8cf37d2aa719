import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('bookings_query')
  srdev = await createUser(t, { role: 'srdev' })
  await seedBooking(t, srdev, { company_name: 'ALPHA (1)', status: 'Pending', date: '2025-01-10', total_amount: 100 })
  await seedBooking(t, srdev, { company_name: 'BETA', status: 'Completed', date: '2025-02-10', total_amount: 200 })
  await seedBooking(t, srdev, {
    company_name: 'GAMMA',
    status: 'In Progress',
    date: '2025-03-10',
    total_amount: 300,
    contact_person: '=HYPERLINK("x")',
  })
})
afterAll(async () => {
  await t.close()
})

const list = (query: string) => request(t.app).get(`/api/v1/bookings?${query}`).set('authorization', srdev.token)
const names = (res: request.Response) => (res.body.data as Array<{ company_name: string }>).map((b) => b.company_name)

describe('GET /api/v1/bookings query', () => {
  it('when filtering with in, gte/lte and sorting, returns exactly the matching rows in order with meta.total', async () => {
    const res = await list('status[in]=Pending,Completed&total_amount[gte]=100&total_amount[lte]=250&sort=-date')
    expect(res.status).toBe(200)
    expect(names(res)).toEqual(['BETA', 'ALPHA (1)'])
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 2, pages: 1 })
    const ranged = await list('date[gte]=2025-02-01&status[ne]=Pending&sort=date')
    expect(names(ranged)).toEqual(['BETA', 'GAMMA'])
  })

  it('when paging, returns the requested page and the full total', async () => {
    const res = await list('sort=date&page=2&limit=2')
    expect(names(res)).toEqual(['GAMMA'])
    expect(res.body.meta).toMatchObject({ page: 2, limit: 2, total: 3 })
  })

  it('when q holds regex metacharacters, they match literally', async () => {
    expect(names(await list('q=(1)'))).toEqual(['ALPHA (1)'])
    expect(names(await list('q=.*'))).toEqual([])
  })

  it('when fields= is given, projects those fields only (with `id`, the wire twin of `_id`)', async () => {
    const res = await list('fields=company_name,status&sort=date&limit=1')
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['_id', '_rev', 'company_name', 'id', 'status'])
    expect(res.body.data[0].id).toBe(res.body.data[0]._id)
  })

  it.each([
    ['an unknown parameter', 'colour=red', 'colour'],
    ['an undeclared filter field', 'remark=x', 'remark'],
    ['an unknown operator', 'total_amount[regex]=1', 'total_amount'],
    ['a $-prefixed key', 'status[$ne]=x', 'status.$ne'],
    ['a limit over 100', 'limit=101', 'limit'],
    ['a sort on an undeclared field', 'sort=-remark', 'sort'],
    ['a malformed date', 'date[gte]=yesterday', 'date'],
    ['a repeated parameter', 'status=Pending&status=Completed', 'status'],
  ])('when the query has %s, responds 400 VALIDATION_FAILED', async (_what, query, path) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details.map((d: { path: string }) => d.path).join(' ')).toContain(path)
  })
})

describe('GET /api/v1/bookings/export.csv', () => {
  it('when exporting with a filter, streams a header and the matching rows, CSV-escaped and formula-safe', async () => {
    const res = await request(t.app)
      .get('/api/v1/bookings/export.csv?status=In%20Progress')
      .set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    const lines = res.text.trim().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]?.startsWith('_id,date,company_name,contact_person')).toBe(true)
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('when the export query has a page, responds 400 (exports are never paged)', async () => {
    const res = await request(t.app).get('/api/v1/bookings/export.csv?page=2').set('authorization', srdev.token)
    expect(res.status).toBe(400)
  })
})
