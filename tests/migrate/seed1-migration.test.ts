import bcrypt from 'bcrypt'
import type { Connection } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection, type Database } from '../../src/db/connect.js'
import { migrateSeed1 } from '../../src/migrate/migrate.js'
import type { MigrationReport } from '../../src/migrate/report.js'
import { createUser, storedUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { freshDbUri } from '../setup/db.js'
import { buildSeed1, type Seed1Fixture } from './seed1-fixture.js'
import type { Db } from 'mongodb'

function dbOf(database: Database): Db {
  const db = database.connection.db
  if (!db) throw new Error('connection not open')
  return db
}

// Issue 18: a seed-1 database migrates into a second database through the real code, then the real app works on it.

async function auditRows(connection: Connection): Promise<string[]> {
  const rows = await connection.collection('audit_entries').find({}).sort({ documentId: 1, revision: 1 }).toArray()
  expect(rows.length).toBeGreaterThan(0)
  return rows.map(
    (row) =>
      `${String(row.resource)} ${String(row.documentId)} ${String(row.revision)} ${String(row.action)} ${String(row.status)}`,
  )
}

describe('migrating a seed-1 database', () => {
  let seed: Database
  let fixture: Seed1Fixture
  let t: TestApp
  let srdev: TestUser
  let report: MigrationReport
  const run = (target: Connection, extra: Partial<Parameters<typeof migrateSeed1>[0]> = {}) =>
    migrateSeed1({ source: seed.connection, target, logger: t.context.logger, ...extra })

  beforeAll(async () => {
    seed = await openConnection(freshDbUri('seed1-source'), () => Promise.resolve())
    fixture = await buildSeed1(dbOf(seed))
    // Cost 6 here so the cost-5 hashes of seed 1 count as weak and get upgraded at login.
    t = await buildTestApp('seed1-target', { env: { BCRYPT_COST: '6' } })
    report = await run(t.context.db.connection)
    srdev = await createUser(t, { role: 'srdev' })
  })
  afterAll(async () => {
    await t.close()
    await seed.close()
  })

  it('when the run ends, the report counts every collection, flags what fails validation and every invariant holds', () => {
    expect(report.collections.users).toMatchObject({ read: 3, written: 3, unchanged: 0 })
    expect(report.collections.services).toMatchObject({ read: 2, written: 2 })
    expect(report.collections.bookings).toMatchObject({ read: 4, written: 4, historyEntries: 2, trashed: 1 })
    expect(report.collections.bookings?.flagged).toEqual([
      { id: fixture.ids.flaggedBooking.toHexString(), fields: expect.arrayContaining(['status', 'pan']) as string[] },
    ])
    expect(report.unknownRoles).toEqual(['Branch Manager'])
    expect(report.invariants.length).toBeGreaterThan(0)
    expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([])
  })

  it('when employees, leads, payments and invoices are migrated, they read through the API in our shapes', async () => {
    for (const name of ['employeeprofiles', 'emails', 'paymentlinks', 'paymentqrs', 'invoices']) {
      expect({ name, ...report.collections[name] }).toMatchObject({ name, read: 1, written: 1 })
    }
    const get = (path: string) => request(t.app).get(path).set('authorization', srdev.token)
    const employee = await get(`/api/v1/employees/${fixture.ids.employee.toHexString()}`)
    expect(employee.status).toBe(200)
    expect(employee.body.data).toMatchObject({ employeeId: 'SL250001', status: 'active', offeredSalary: 2_500_000 })
    expect(employee.body.data.importIssues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'employeePhoto', value: 'https://res.cloudinary.com/demo/photo.jpg' }),
      ]),
    )
    const history = await get(`/api/v1/employees/${fixture.ids.employee.toHexString()}/history`)
    expect(history.body.data.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
      ['update', 'Profile approved by HR'],
      ['import', 'migrated from seed 1'],
    ])
    const lead = await get(`/api/v1/leads/${fixture.ids.lead.toHexString()}`)
    expect(lead.body.data).toMatchObject({
      name: 'Asha Rao',
      email: 'asha@example.com',
      status: 'new',
      source: 'website',
    })
    const link = await get(`/api/v1/payment-links/${fixture.ids.paymentLink.toHexString()}`)
    expect(link.body.data).toMatchObject({ amount: 150_000, status: 'paid', user_id: fixture.ids.bdm.toHexString() })
    const qr = await get(`/api/v1/payment-qrs/${fixture.ids.paymentQr.toHexString()}`)
    expect(qr.body.data).toMatchObject({ amount: 50_000, status: 'created' })
    expect(qr.body.data.importIssues).toEqual([expect.objectContaining({ path: 'user_id', value: 'Nobody Known' })])
    const invoice = await get(`/api/v1/invoices/${fixture.ids.invoice.toHexString()}`)
    expect(invoice.body.data).toMatchObject({
      number: 'INV-007',
      kind: 'proforma',
      total: 118_000,
      financial_year: '2025-26',
    })
  })

  it('when a migrated user signs in with the old password, it works and the cost-5 hash is upgraded', async () => {
    const stored = await storedUser(t, fixture.ids.dev.toHexString())
    expect(stored).toMatchObject({ user_role: 'dev', isActive: true })
    const response = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: stored?.email ?? '', password: fixture.passwords.dev })
    expect(response.status).toBe(200)
    const after = await storedUser(t, fixture.ids.dev.toHexString())
    expect(bcrypt.getRounds(after?.password ?? '')).toBe(6)
    expect(await bcrypt.compare(fixture.passwords.dev ?? '', after?.password ?? '')).toBe(true)
    const unknown = await storedUser(t, fixture.ids.unknownRole.toHexString())
    expect(unknown?.user_role).toBe('user')
  })

  it('when a migrated booking is read, edited with If-Match, trashed and restored through the API, each works', async () => {
    const id = fixture.ids.historyBooking.toHexString()
    const read = await request(t.app).get(`/api/v1/bookings/${id}`).set('authorization', srdev.token)
    expect(read.status).toBe(200)
    expect(read.headers.etag).toBe('W/"3"')
    expect(read.body.data).toMatchObject({ contact_no: '9876543210', term_1: 8000, status: 'In Progress' })
    // Written with its search grams: found through the search index the target database had ready at start.
    const found = await request(t.app).get('/api/v1/bookings?q=76543210&limit=100').set('authorization', srdev.token)
    expect((found.body.data as Array<{ _id: string }>).map((row) => row._id)).toContain(id)
    const edit = await request(t.app)
      .patch(`/api/v1/bookings/${id}`)
      .set('authorization', srdev.token)
      .set('If-Match', 'W/"3"')
      .send({ remark: 'checked after migration' })
    expect(edit.status).toBe(200)
    expect(edit.headers.etag).toBe('W/"4"')
    const trash = await request(t.app).delete(`/api/v1/bookings/${id}`).set('authorization', srdev.token).send({})
    expect(trash.status).toBe(200)
    const restore = await request(t.app).post(`/api/v1/bookings/${id}/restore`).set('authorization', srdev.token)
    expect(restore.status).toBe(200)
  })

  it('when its history is read, the old entries come first, in order, with the names seed 1 stored', async () => {
    const id = fixture.ids.historyBooking.toHexString()
    const response = await request(t.app).get(`/api/v1/bookings/${id}/history`).set('authorization', srdev.token)
    expect(response.status).toBe(200)
    const entries = response.body.data as Array<{ action: string; actor: { name?: string }; changes: unknown[] }>
    expect(entries.slice(0, 3).map((entry) => [entry.action, entry.actor.name])).toEqual([
      ['update', 'imported: Ravi Kumar'],
      ['update', 'imported: Old Dev'],
      ['import', 'imported: migration'],
    ])
    expect(entries[0]?.changes).toEqual([{ path: 'term_1', before: 5000, after: 6000 }])
  })

  it('when a booking was trashed in seed 1, it is in our trash with when and by whom', async () => {
    const id = fixture.ids.trashedBooking.toHexString()
    const live = await request(t.app).get(`/api/v1/bookings/${id}`).set('authorization', srdev.token)
    expect(live.status).toBe(404)
    const trashed = await request(t.app).get(`/api/v1/bookings/${id}?trashed=true`).set('authorization', srdev.token)
    expect(trashed.status).toBe(200)
    expect(trashed.body.data).toMatchObject({ deletedBy: 'Old Dev', deletedAt: '2025-10-05T09:00:00.000Z' })
  })

  it('when a booking fails our validation, it is migrated with the old values in importIssues and listed as flagged', async () => {
    const response = await request(t.app).get('/api/v1/bookings?flagged=true').set('authorization', srdev.token)
    expect(response.status).toBe(200)
    expect(response.body.data.map((row: { _id: string }) => row._id)).toEqual([
      fixture.ids.flaggedBooking.toHexString(),
    ])
    const issues = (response.body.data[0] as { importIssues: Array<{ path: string; value: unknown }> }).importIssues
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'status', value: 'Done' }),
        expect.objectContaining({ path: 'pan', value: 'not-a-pan' }),
      ]),
    )
  })

  it('when the migration runs a second time, it writes nothing', async () => {
    const before = await auditRows(t.context.db.connection)
    const again = await run(t.context.db.connection)
    for (const collection of Object.values(again.collections)) expect(collection.written).toBe(0)
    expect(again.collections.bookings?.unchanged).toBe(4)
    expect(again.collections.invoices?.unchanged).toBe(1)
    expect(await auditRows(t.context.db.connection)).toEqual(before)
  })

  it('when a dry run is made on a fresh database, it reports what it would write and writes nothing', async () => {
    const empty = await openConnection(freshDbUri('seed1-dry'), () => Promise.resolve())
    try {
      const dry = await run(empty.connection, { dryRun: true })
      expect(dry.collections.bookings).toMatchObject({ read: 4, written: 4 })
      expect(await dbOf(empty).collection('bookings').countDocuments({})).toBe(0)
      expect(await dbOf(empty).collection('users').countDocuments({})).toBe(0)
    } finally {
      await empty.close()
    }
  })

  it('when a run dies halfway and is run again, the result equals a clean run', async () => {
    const clean = await openConnection(freshDbUri('seed1-clean'), () => Promise.resolve())
    const crashed = await openConnection(freshDbUri('seed1-crashed'), () => Promise.resolve())
    try {
      await run(clean.connection)
      let claims = 0
      const dying = run(crashed.connection, {
        afterClaim: () => {
          claims += 1
          if (claims === 4) throw new Error('killed')
        },
      })
      await expect(dying).rejects.toThrow('killed')
      const resumed = await run(crashed.connection)
      expect(resumed.invariants.filter((invariant) => !invariant.ok)).toEqual([])
      expect(await auditRows(crashed.connection)).toEqual(await auditRows(clean.connection))
      const strip = ({ updatedAt: _u, ...rest }: Record<string, unknown>) => rest
      const docs = async (c: Database) =>
        (await c.connection.collection('bookings').find({}).sort({ _id: 1 }).toArray()).map((d) => strip(d))
      expect(await docs(crashed)).toEqual(await docs(clean))
    } finally {
      await clean.close()
      await crashed.close()
    }
  })
})

describe('a seed-1 database used in place', () => {
  let t: TestApp
  let fixture: Seed1Fixture
  let srdev: TestUser
  beforeAll(async () => {
    const uri = freshDbUri('seed1-in-place')
    const seed = await openConnection(uri, () => Promise.resolve())
    fixture = await buildSeed1(dbOf(seed))
    await seed.close()
    t = await buildTestApp('seed1-in-place', { dbUri: uri })
    srdev = await createUser(t, { role: 'srdev' })
  })
  afterAll(async () => t.close())

  it('when a booking without a revision is read and edited before migrating, it reads as revision 0 and gets revision 1', async () => {
    const id = fixture.ids.plainBooking.toHexString()
    const read = await request(t.app).get(`/api/v1/bookings/${id}`).set('authorization', srdev.token)
    expect(read.status).toBe(200)
    expect(read.headers.etag).toBe('W/"0"')
    const edit = await request(t.app)
      .patch(`/api/v1/bookings/${id}`)
      .set('authorization', srdev.token)
      .set('If-Match', 'W/"0"')
      .send({ remark: 'edited before the migration' })
    expect(edit.status).toBe(200)
    expect(edit.headers.etag).toBe('W/"1"')
  })

  it('when migrated in place, every booking gets its revision and history, the early edit kept first', async () => {
    const report = await migrateSeed1({
      source: t.context.db.connection,
      target: t.context.db.connection,
      logger: t.context.logger,
    })
    expect(report.inPlace).toBe(true)
    expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([])
    const id = fixture.ids.plainBooking.toHexString()
    const history = await request(t.app).get(`/api/v1/bookings/${id}/history`).set('authorization', srdev.token)
    expect(history.body.data.map((entry: { action: string }) => entry.action)).toEqual(['update', 'import'])
    const stored = await t.context.db.connection.collection('bookings').findOne({ _id: fixture.ids.historyBooking })
    expect(stored).toMatchObject({ _rev: 3, contact_no: '9876543210' })
    expect(stored).not.toHaveProperty('updatedhistory')
    expect(stored).not.toHaveProperty('isDeleted')
  })
})
