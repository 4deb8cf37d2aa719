import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { auth, buildSalesApp, clientOf, created, pathsOf, unique, type Body } from './sales-app.js'

// Contracts: numbers from an atomic counter per year (CT-YYYY-NNNN), issued once, never input; the end after the start.

describe('contracts', () => {
  let t: TestApp
  let admin: TestUser
  let client: string

  beforeAll(async () => {
    t = await buildSalesApp('sales-contracts')
    admin = await createUser(t, { role: 'srdev' })
    client = await clientOf(t, admin, admin.id)
  })
  afterAll(() => t.close())

  const body = (overrides: Body = {}): Body => ({
    subject: `Compliance retainer ${unique()}`,
    client,
    type: 'Retainer',
    value: 60_000_00,
    startDate: '2026-04-01',
    endDate: '2027-03-31',
    ...overrides,
  })
  const count = () => t.context.resources.contracts.model.collection.countDocuments({})
  const stored = (id: string) => t.context.resources.contracts.model.collection.findOne({ _id: new Types.ObjectId(id) })
  const sequenceOf = (number: unknown) => Number(String(number).split('-')[2])

  it('when contracts are created, each gets the next CT-<year>-NNNN number, stored and audited', async () => {
    const year = new Date().getUTCFullYear()
    const first = await created(t, admin, 'contracts', body())
    const [second, third] = await Promise.all([
      created(t, admin, 'contracts', body()),
      created(t, admin, 'contracts', body()),
    ])
    for (const contract of [first, second, third]) {
      expect(contract.contractNumber).toMatch(new RegExp(`^CT-${year}-\\d{4}$`))
      expect((await stored(contract._id))?.contractNumber).toBe(contract.contractNumber)
    }
    const sequence = [second, third].map((contract) => sequenceOf(contract.contractNumber)).sort((a, b) => a - b)
    expect(sequence).toEqual([sequenceOf(first.contractNumber) + 1, sequenceOf(first.contractNumber) + 2])
    const entry = (await auditOf(t, first._id))[0]
    expect(entry?.changes).toContainEqual({ path: 'contractNumber', after: first.contractNumber })
  })

  it('when a body carries a contract number, responds 400 and stores nothing; an update cannot change it', async () => {
    const before = await count()
    const res = await request(t.app)
      .post('/api/v1/contracts')
      .set(auth(admin))
      .send(body({ contractNumber: 'CT-1-1' }))
    expect(res.status).toBe(400)
    expect(await count()).toBe(before)
    const contract = await created(t, admin, 'contracts', body())
    const patch = await request(t.app)
      .patch(`/api/v1/contracts/${contract._id}`)
      .set(auth(admin))
      .send({ contractNumber: 'CT-1-1' })
    expect(patch.status).toBe(400)
    expect((await stored(contract._id))?.contractNumber).toBe(contract.contractNumber)
  })

  it('when the end date is not after the start date, responds 400 naming endDate and consumes no number', async () => {
    const before = await count()
    const refused = await request(t.app)
      .post('/api/v1/contracts')
      .set(auth(admin))
      .send(body({ startDate: '2026-04-01', endDate: '2026-04-01' }))
    expect(refused.status).toBe(400)
    expect(pathsOf(refused.body)).toEqual(['endDate'])
    expect(await count()).toBe(before)
    const last = await created(t, admin, 'contracts', body())
    const next = await created(t, admin, 'contracts', body())
    expect(sequenceOf(next.contractNumber)).toBe(sequenceOf(last.contractNumber) + 1)
  })

  it('when an update moves the end before the start, responds 400 naming endDate and nothing changes', async () => {
    const contract = await created(t, admin, 'contracts', body())
    const res = await request(t.app)
      .patch(`/api/v1/contracts/${contract._id}`)
      .set(auth(admin))
      .send({ endDate: '2026-01-01' })
    expect(res.status).toBe(400)
    expect(pathsOf(res.body)).toEqual(['endDate'])
    expect(await stored(contract._id)).toMatchObject({ _rev: 1, endDate: new Date('2027-03-31') })
    expect((await auditOf(t, contract._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when the client does not exist or the value is not whole paise, responds 400 naming the field', async () => {
    const before = await count()
    const res = await request(t.app)
      .post('/api/v1/contracts')
      .set(auth(admin))
      .send(body({ client: new Types.ObjectId().toHexString() }))
    expect(res.status).toBe(400)
    expect(pathsOf(res.body)).toEqual(['client'])
    const money = await request(t.app)
      .post('/api/v1/contracts')
      .set(auth(admin))
      .send(body({ value: 10.5 }))
    expect(pathsOf(money.body)).toEqual(['value'])
    expect(await count()).toBe(before)
  })
})
