import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminLogin, recordUrl, resourceUrl } from '../admin/admin-session.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bearer, dataOf, staffMember, storedIn, type Staff } from './fixtures.js'

// Announcements reach their audience: everyone (no departments) or the named departments. Staff read those for
// everyone and those for the department of their employee profile; HR, srdev and senior admins read them all. The
// same on REST list, get, export, and in the admin panel.

describe('announcement audience', () => {
  let t: TestApp
  let hr: TestUser
  let senior: TestUser
  let sales: Staff
  let ops: Staff
  let nobody: TestUser
  const ids: Record<'everyone' | 'sales' | 'ops', string> = { everyone: '', sales: '', ops: '' }
  const opsName = `Ops ${new Types.ObjectId().toHexString().slice(-6)}`

  const post = (by: TestUser, body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/announcements').set(bearer(by)).send(body)
  const listed = async (by: TestUser, query = ''): Promise<string[]> => {
    const res = await request(t.app).get(`/api/v1/announcements?limit=100${query}`).set(bearer(by))
    expect(res.status).toBe(200)
    return (res.body.data as Array<{ _id: string }>).map((row) => row._id)
  }
  const announce = async (title: string, departments?: string[]): Promise<string> => {
    const body = departments ? { title, description: 'Read me', audience: 'departments', departments } : undefined
    const res = await post(hr, body ?? { title, description: 'Read me' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return String(dataOf(res)._id)
  }

  beforeAll(async () => {
    t = await buildTestApp('people-announcement-audience')
    hr = await createUser(t, { role: 'HR' })
    senior = await createUser(t, { role: 'senior admin' })
    nobody = await createUser(t, { role: 'user' })
    sales = await staffMember(t, hr)
    const dept = await request(t.app).post('/api/v1/departments').set(bearer(hr)).send({ name: opsName, code: 'OP' })
    expect(dept.status, JSON.stringify(dept.body)).toBe(201)
    ops = await staffMember(t, hr)
    const moved = await request(t.app)
      .patch(`/api/v1/employees/${ops.employee}`)
      .set(bearer(hr))
      .send({ department: opsName })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    ids.everyone = await announce('Office closed on Friday')
    ids.sales = await announce('Sales targets', ['Sales'])
    ids.ops = await announce('Ops rota', [opsName])
  })
  afterAll(() => t.close())

  it('when HR announces to a department, the announcement is stored with its audience and audited', async () => {
    const stored = await storedIn(t, 'announcements', ids.ops)
    expect(stored).toMatchObject({ audience: 'departments', departments: [opsName] })
    const entry = await t.context.resources.audit.findOne({ documentId: new Types.ObjectId(ids.ops) }).lean()
    expect(entry).toMatchObject({ action: 'create', actor: { kind: 'user', id: hr.id } })
  })

  it("when staff list or get announcements, they see everyone's and their department's only", async () => {
    expect(await listed(sales.user)).toEqual(expect.arrayContaining([ids.everyone, ids.sales]))
    expect(await listed(sales.user)).not.toContain(ids.ops)
    expect(await listed(ops.user)).toEqual(expect.arrayContaining([ids.everyone, ids.ops]))
    expect(await listed(ops.user)).not.toContain(ids.sales)
    // A user without an employee profile belongs to no department.
    const plain = await listed(nobody)
    expect(plain).toContain(ids.everyone)
    expect(plain).not.toContain(ids.sales)
    expect(plain).not.toContain(ids.ops)
    // With a search (its own $or) the audience still holds.
    expect(await listed(sales.user, '&q=rota')).toEqual([])
    expect(await listed(ops.user, '&q=rota')).toEqual([ids.ops])
    const get = (by: TestUser, id: string) => request(t.app).get(`/api/v1/announcements/${id}`).set(bearer(by))
    expect((await get(sales.user, ids.sales)).status).toBe(200)
    expect((await get(sales.user, ids.everyone)).status).toBe(200)
    expect((await get(sales.user, ids.ops)).status).toBe(404)
    expect((await get(nobody, ids.sales)).status).toBe(404)
  })

  it('when HR or a senior admin lists or exports, every announcement is there; staff may not export', async () => {
    for (const reader of [hr, senior]) {
      expect(await listed(reader)).toEqual(expect.arrayContaining(Object.values(ids)))
      const csv = await request(t.app).get('/api/v1/announcements/export.csv').set(bearer(reader))
      expect(csv.status).toBe(200)
      for (const title of ['Office closed on Friday', 'Sales targets', 'Ops rota']) expect(csv.text).toContain(title)
    }
    expect((await request(t.app).get('/api/v1/announcements/export.csv').set(bearer(sales.user))).status).toBe(403)
  })

  it('when staff try to announce, responds 403 and nothing is stored', async () => {
    const before = await t.context.db.connection.collection('announcements').countDocuments({})
    expect((await post(sales.user, { title: 'Party', description: 'Tonight' })).status).toBe(403)
    expect(await t.context.db.connection.collection('announcements').countDocuments({})).toBe(before)
  })

  it('when HR moves an employee to another department, what they read follows at once', async () => {
    const mover = await staffMember(t, hr)
    expect(await listed(mover.user)).toContain(ids.sales)
    const res = await request(t.app)
      .patch(`/api/v1/employees/${mover.employee}`)
      .set(bearer(hr))
      .send({ department: opsName })
    expect(res.status).toBe(200)
    const now = await listed(mover.user)
    expect(now).toContain(ids.ops)
    expect(now).not.toContain(ids.sales)
  })

  it('when staff use the admin panel, the list and the record page answer as REST does', async () => {
    const agent = await adminLogin(t, sales.user)
    const list = await agent.get(`${resourceUrl('Announcement', 'list')}?perPage=100`)
    expect(list.status).toBe(200)
    const shown = (list.body.records as Array<{ id: string }>).map((record) => record.id)
    expect(shown).toEqual(expect.arrayContaining([ids.everyone, ids.sales]))
    expect(shown).not.toContain(ids.ops)
    expect((await agent.get(recordUrl('Announcement', ids.sales, 'show'))).status).toBe(200)
    expect((await agent.get(recordUrl('Announcement', ids.ops, 'show'))).status).toBe(404)
    const hrAgent = await adminLogin(t, hr)
    const all = await hrAgent.get(`${resourceUrl('Announcement', 'list')}?perPage=100`)
    expect((all.body.records as Array<{ id: string }>).map((record) => record.id)).toEqual(
      expect.arrayContaining(Object.values(ids)),
    )
  })

})
