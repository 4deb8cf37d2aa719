import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import {
  auth,
  buildSalesApp,
  clientOf,
  created,
  pathsOf,
  pipelineWith,
  unique,
  type Body,
  type Stored,
} from './sales-app.js'

// Deals: who they are for, where they sit on the board, and their open -> won | lost workflow with `move` between
// stages, through the real app.

describe('deals', () => {
  let t: TestApp
  let admin: TestUser
  let bdm: TestUser
  let other: TestUser
  let board: { pipeline: string; stages: string[] }
  let elsewhere: { pipeline: string; stages: string[] }
  let client: string

  beforeAll(async () => {
    t = await buildSalesApp('sales-deals')
    admin = await createUser(t, { role: 'srdev' })
    bdm = await createUser(t, { role: 'bdm' })
    other = await createUser(t, { role: 'bdm' })
    board = await pipelineWith(t, admin, ['Qualified', 'Proposal', 'Negotiation'])
    elsewhere = await pipelineWith(t, admin, ['Elsewhere'])
    client = await clientOf(t, admin, bdm.id)
  })
  afterAll(() => t.close())

  const dealBody = (overrides: Body = {}): Body => ({
    title: `Deal ${unique()}`,
    client,
    pipeline: board.pipeline,
    stage: board.stages[0],
    value: 50_000_00,
    ownerId: bdm.id,
    ...overrides,
  })
  const count = () => t.context.resources.deals.model.collection.countDocuments({})
  const stored = (id: string) => t.context.resources.deals.model.collection.findOne({ _id: new Types.ObjectId(id) })
  const post = (user: TestUser, body: Body) => request(t.app).post('/api/v1/deals').set(auth(user)).send(body)
  const verb = (user: TestUser, id: string, name: string, body: Body = {}) =>
    request(t.app).post(`/api/v1/deals/${id}/${name}`).set(auth(user)).send(body)

  it('when a deal names neither a client nor a lead, responds 400 naming both and stores nothing', async () => {
    const before = await count()
    const res = await post(admin, dealBody({ client: undefined }))
    expect(res.status).toBe(400)
    expect(pathsOf(res.body).sort()).toEqual(['client', 'lead'])
    expect(await count()).toBe(before)
  })

  it('when a deal names only a lead, it is stored, owned by its creator and audited', async () => {
    const lead = await created(t, admin, 'leads', { name: 'Ravi', email: `ravi.${unique()}@example.com` })
    const deal = await created(t, bdm, 'deals', dealBody({ client: undefined, lead: lead._id, ownerId: undefined }))
    expect(deal).toMatchObject({ lead: lead._id, status: 'open', ownerId: bdm.id, currency: 'INR' })
    expect((await stored(deal._id))?.lead).toEqual(new Types.ObjectId(lead._id))
    expect((await auditOf(t, deal._id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when the stage belongs to another pipeline, responds 409 naming the stage and stores nothing', async () => {
    const before = await count()
    const res = await post(admin, dealBody({ stage: elsewhere.stages[0] }))
    expect(res.status).toBe(409)
    expect(pathsOf(res.body)).toEqual(['stage'])
    expect(await count()).toBe(before)
  })

  it('when the value is not whole non-negative paise or the currency is unknown, responds 400 naming the field', async () => {
    const before = await count()
    for (const [body, path] of [
      [{ value: 1234.5 }, 'value'],
      [{ value: -100 }, 'value'],
      [{ value: '100' }, 'value'],
      [{ currency: 'rupees' }, 'currency'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ labels: ['not-an-id'] }, 'labels.0'],
    ] as const) {
      const res = await post(admin, dealBody(body))
      expect({ body, status: res.status, paths: pathsOf(res.body) }).toEqual({ body, status: 400, paths: [path] })
    }
    expect(await count()).toBe(before)
  })

  it('when the currency is a listed code in lower case, it is stored upper-cased with the value in paise', async () => {
    const deal = await created(t, admin, 'deals', dealBody({ currency: 'usd', value: 1_999_99 }))
    expect(await stored(deal._id)).toMatchObject({ currency: 'USD', value: 1_999_99 })
  })

  it('when a label of another kind tags a deal, responds 409 naming labels; a deal label is kept', async () => {
    const leadLabel = await created(t, admin, 'labels', { name: `Warm ${unique()}`, color: '#ff9900', type: 'leads' })
    const dealLabel = await created(t, admin, 'labels', { name: `Warm ${unique()}`, color: '#ff9900', type: 'deals' })
    const refused = await post(admin, dealBody({ labels: [leadLabel._id] }))
    expect(refused.status).toBe(409)
    expect(pathsOf(refused.body)).toEqual(['labels'])
    const deal = await created(t, admin, 'deals', dealBody({ labels: [dealLabel._id] }))
    expect(deal.labels).toEqual([dealLabel._id])
  })

  it('when a deal is won, its status and closing date change in one audited transition', async () => {
    const deal = await created(t, bdm, 'deals', dealBody())
    const res = await verb(bdm, deal._id, 'win', { closedAt: '2026-11-20T10:00:00.000Z' })
    expect(res.status).toBe(200)
    expect((res.body as { data: Stored }).data).toMatchObject({ status: 'won', closedAt: '2026-11-20T10:00:00.000Z' })
    expect(await stored(deal._id)).toMatchObject({ status: 'won', closedAt: new Date('2026-11-20T10:00:00.000Z') })
    const entries = await auditOf(t, deal._id)
    expect(entries.map((entry) => [entry.action, entry.reason])).toEqual([
      ['create', null],
      ['transition', 'win'],
    ])
    expect(entries[1]?.changes).toContainEqual({ path: 'status', before: 'open', after: 'won' })
    // A won deal is no longer open: neither lost nor moved.
    expect((await verb(bdm, deal._id, 'lose', { reason: 'changed mind' })).status).toBe(409)
    expect((await verb(bdm, deal._id, 'move', { stage: board.stages[1] })).status).toBe(409)
  })

  it('when a deal is lost without a reason, responds 400 naming reason; with one, the reason is kept', async () => {
    const deal = await created(t, admin, 'deals', dealBody())
    const refused = await verb(admin, deal._id, 'lose', {})
    expect(refused.status).toBe(400)
    expect(pathsOf(refused.body)).toEqual(['reason'])
    expect(await stored(deal._id)).toMatchObject({ status: 'open', _rev: 1 })
    const lost = await verb(admin, deal._id, 'lose', { reason: 'Went with a competitor' })
    expect(lost.status).toBe(200)
    expect(await stored(deal._id)).toMatchObject({ status: 'lost', lostReason: 'Went with a competitor' })
    const entries = await auditOf(t, deal._id)
    expect(entries.at(-1)).toMatchObject({ action: 'transition', reason: 'lose: Went with a competitor' })
  })

  it('when a deal moves to a stage of its pipeline, the stage changes in one audited transition and it stays open', async () => {
    const deal = await created(t, bdm, 'deals', dealBody())
    const res = await verb(bdm, deal._id, 'move', { stage: board.stages[2] })
    expect(res.status).toBe(200)
    expect(await stored(deal._id)).toMatchObject({ status: 'open', stage: new Types.ObjectId(board.stages[2]) })
    const last = (await auditOf(t, deal._id)).at(-1)
    expect(last).toMatchObject({ action: 'transition', reason: 'move' })
    const change = last?.changes.find((each) => each.path === 'stage')
    expect([String(change?.before), String(change?.after)]).toEqual([board.stages[0], board.stages[2]])
  })

  it('when a move names a stage of another pipeline or none, it is refused naming the stage and nothing changes', async () => {
    const deal = await created(t, admin, 'deals', dealBody())
    const foreign = await verb(admin, deal._id, 'move', { stage: elsewhere.stages[0] })
    expect(foreign.status).toBe(409)
    expect(pathsOf(foreign.body)).toEqual(['stage'])
    const missing = await verb(admin, deal._id, 'move', { stage: new Types.ObjectId().toHexString() })
    expect(missing.status).toBe(400)
    expect(pathsOf(missing.body)).toEqual(['stage'])
    const patched = await request(t.app)
      .patch(`/api/v1/deals/${deal._id}`)
      .set(auth(admin))
      .send({ stage: board.stages[1] })
    expect(patched.status).toBe(400)
    expect(pathsOf(patched.body)).toEqual(['stage'])
    expect(await stored(deal._id)).toMatchObject({ _rev: 1, stage: new Types.ObjectId(board.stages[0]) })
  })

  it("when a bdm reads deals, they see only their own; another bdm's deal is not found and stays unchanged", async () => {
    const mine = await created(t, admin, 'deals', dealBody())
    const theirs = await created(
      t,
      admin,
      'deals',
      dealBody({ ownerId: other.id, client: await clientOf(t, admin, other.id) }),
    )
    const list = await request(t.app).get('/api/v1/deals').query({ limit: 100 }).set(auth(bdm))
    const ids = (list.body as { data: Stored[] }).data.map((deal) => deal._id)
    expect(ids).toContain(mine._id)
    expect(ids).not.toContain(theirs._id)
    expect((await request(t.app).get(`/api/v1/deals/${theirs._id}`).set(auth(bdm))).status).toBe(404)
    expect((await verb(bdm, theirs._id, 'win')).status).toBe(404)
    expect(await stored(theirs._id)).toMatchObject({ status: 'open', _rev: 1 })
  })

  it('when a bdm creates a deal for another owner, responds 403 and stores nothing', async () => {
    const before = await count()
    const res = await post(bdm, dealBody({ ownerId: other.id }))
    expect(res.status).toBe(403)
    expect(await count()).toBe(before)
  })
})
