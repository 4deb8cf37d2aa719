import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import type { TestApp } from '../../setup/app.js'
import { auth, buildSalesApp, clientOf, created, pipelineWith, unique, type Stored } from '../sales-app.js'

// Enable after the ownerFrom branch is merged (rename to .test.ts): deals, contracts and sub-clients take the owner
// of their client, so a bdm sees the deals of their clients whoever created them; a lead-only deal stays the
// creator's.

describe('sales records owned through their client (access.ownerFrom)', () => {
  let t: TestApp
  let admin: TestUser
  let bdm: TestUser
  let other: TestUser
  let board: { pipeline: string; stages: string[] }
  let client: string

  beforeAll(async () => {
    t = await buildSalesApp('sales-owner-from')
    admin = await createUser(t, { role: 'srdev' })
    bdm = await createUser(t, { role: 'bdm' })
    other = await createUser(t, { role: 'bdm' })
    board = await pipelineWith(t, admin, ['Qualified'])
    client = await clientOf(t, admin, bdm.id)
  })
  afterAll(() => t.close())

  it("when srdev creates a deal, contract and contact for a bdm's client, each is owned by that bdm", async () => {
    const deal = await created(t, admin, 'deals', {
      title: `Deal ${unique()}`,
      client,
      pipeline: board.pipeline,
      stage: board.stages[0],
      value: 100_00,
    })
    const contract = await created(t, admin, 'contracts', {
      subject: `Contract ${unique()}`,
      client,
      type: 'Retainer',
      value: 100_00,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    })
    const contact = await created(t, admin, 'sub-clients', { client, name: 'Asha' })
    for (const record of [deal, contract, contact]) expect(record.ownerId).toBe(bdm.id)
    const seen = await request(t.app).get('/api/v1/deals/board').query({ pipeline: board.pipeline }).set(auth(bdm))
    const deals = (seen.body as { data: { stages: Array<{ deals: Stored[] }> } }).data.stages[0]?.deals ?? []
    expect(deals.map((each) => each._id)).toContain(deal._id)
    const hidden = await request(t.app).get(`/api/v1/deals/${deal._id}`).set(auth(other))
    expect(hidden.status).toBe(404)
  })

  it('when the client changes owner, its deals follow on their next write', async () => {
    const mine = await clientOf(t, admin, bdm.id)
    const deal = await created(t, admin, 'deals', {
      title: `Deal ${unique()}`,
      client: mine,
      pipeline: board.pipeline,
      stage: board.stages[0],
      value: 100_00,
    })
    expect(deal.ownerId).toBe(bdm.id)
    const moved = await request(t.app).patch(`/api/v1/clients/${mine}`).set(auth(admin)).send({ ownerId: other.id })
    expect(moved.status).toBe(200)
    const touched = await request(t.app).patch(`/api/v1/deals/${deal._id}`).set(auth(admin)).send({ category: 'x' })
    expect((touched.body as { data: Stored }).data.ownerId).toBe(other.id)
  })

  it('when a bdm creates a deal for a lead only, it is theirs', async () => {
    const lead = await created(t, admin, 'leads', { name: 'Lead', email: `l.${unique()}@example.com` })
    const deal = await created(t, bdm, 'deals', {
      title: `Deal ${unique()}`,
      lead: lead._id,
      pipeline: board.pipeline,
      stage: board.stages[0],
      value: 100_00,
    })
    expect(deal.ownerId).toBe(bdm.id)
  })
})
