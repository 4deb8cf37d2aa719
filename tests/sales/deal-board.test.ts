import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auth, buildSalesApp, clientOf, created, pathsOf, pipelineWith, unique } from './sales-app.js'

// The deal board (Kanban) and the pipeline report, checked against sums computed from the deals the test makes:
// srdev sees every deal, a bdm only their own. Owners are set explicitly (ownerFrom arrives with another branch).

interface Spec {
  owner: 'bdm' | 'other'
  stage: number
  value: number
  currency: string
  /** Closed in this state at this time; open otherwise. */
  close?: { as: 'win' | 'lose'; at: string }
  trashed?: boolean
}

const QUARTER = '2026-Q4'
const inQuarter = (at: string) => at >= '2026-10-01' && at < '2027-01-01'

const SPECS: readonly Spec[] = [
  { owner: 'bdm', stage: 0, value: 100_00, currency: 'INR' },
  { owner: 'bdm', stage: 0, value: 50_00, currency: 'USD' },
  { owner: 'bdm', stage: 1, value: 200_00, currency: 'INR' },
  { owner: 'bdm', stage: 0, value: 123_00, currency: 'INR', trashed: true },
  { owner: 'bdm', stage: 1, value: 300_00, currency: 'INR', close: { as: 'win', at: '2026-11-01T00:00:00.000Z' } },
  { owner: 'bdm', stage: 0, value: 70_00, currency: 'INR', close: { as: 'lose', at: '2026-12-31T23:00:00.000Z' } },
  { owner: 'bdm', stage: 0, value: 999_00, currency: 'INR', close: { as: 'win', at: '2026-09-30T23:59:59.000Z' } },
  { owner: 'other', stage: 0, value: 1000_00, currency: 'INR' },
  { owner: 'other', stage: 2, value: 40_00, currency: 'EUR' },
  { owner: 'other', stage: 1, value: 5000_00, currency: 'INR', close: { as: 'win', at: '2026-10-01T00:00:00.000Z' } },
]

interface Tally {
  count: number
  totals: Array<{ currency: string; value: number }>
}

function tally(specs: readonly Spec[]): Tally {
  const totals = new Map<string, number>()
  for (const spec of specs) totals.set(spec.currency, (totals.get(spec.currency) ?? 0) + spec.value)
  return {
    count: specs.length,
    totals: [...totals]
      .map(([currency, value]) => ({ currency, value }))
      .sort((a, b) => (a.currency < b.currency ? -1 : 1)),
  }
}

describe('deal board and pipeline report', () => {
  let t: TestApp
  let admin: TestUser
  let users: Record<Spec['owner'], TestUser>
  let pipeline: string
  let stages: string[]

  beforeAll(async () => {
    t = await buildSalesApp('sales-board')
    admin = await createUser(t, { role: 'srdev' })
    users = { bdm: await createUser(t, { role: 'bdm' }), other: await createUser(t, { role: 'bdm' }) }
    ;({ pipeline, stages } = await pipelineWith(t, admin, ['Qualified', 'Proposal', 'Negotiation']))
    const clients = { bdm: await clientOf(t, admin, users.bdm.id), other: await clientOf(t, admin, users.other.id) }
    for (const spec of SPECS) {
      const deal = await created(t, admin, 'deals', {
        title: `Deal ${unique()}`,
        client: clients[spec.owner],
        pipeline,
        stage: stages[spec.stage],
        value: spec.value,
        currency: spec.currency,
        ownerId: users[spec.owner].id,
      })
      const path = `/api/v1/deals/${deal._id}`
      if (spec.close) {
        const body = { closedAt: spec.close.at, reason: 'test' }
        expect((await request(t.app).post(`${path}/${spec.close.as}`).set(auth(admin)).send(body)).status).toBe(200)
      }
      if (spec.trashed) expect((await request(t.app).delete(path).set(auth(admin))).status).toBe(200)
    }
  })
  afterAll(() => t.close())

  const live = (who: readonly Spec['owner'][]) => SPECS.filter((spec) => !spec.trashed && who.includes(spec.owner))
  const openAt = (who: readonly Spec['owner'][], stage: number) =>
    live(who).filter((spec) => !spec.close && spec.stage === stage)
  const closed = (who: readonly Spec['owner'][], as: 'win' | 'lose') =>
    live(who).filter((spec) => spec.close?.as === as && inQuarter(spec.close.at))

  for (const [viewer, who] of [
    ['srdev', ['bdm', 'other']],
    ['bdm', ['bdm']],
  ] as const) {
    it(`when ${viewer} opens the board, each stage in order holds the open deals they may read with their sums`, async () => {
      const user = viewer === 'srdev' ? admin : users.bdm
      const res = await request(t.app).get('/api/v1/deals/board').query({ pipeline }).set(auth(user))
      expect(res.status).toBe(200)
      const data = (
        res.body as {
          data: { stages: Array<Tally & { _id: string; name: string; deals: Array<{ ownerId: string }> }> }
        }
      ).data
      expect(data.stages.map((stage) => stage.name)).toEqual(['Qualified', 'Proposal', 'Negotiation'])
      for (const [index, stage] of data.stages.entries()) {
        const expected = tally(openAt(who, index))
        expect({ stage: stage.name, count: stage.count, totals: stage.totals }).toEqual({
          stage: stage.name,
          ...expected,
        })
        expect(stage.deals).toHaveLength(expected.count)
        const owners = new Set<string>(who.map((name) => users[name].id))
        for (const deal of stage.deals) expect(owners.has(deal.ownerId)).toBe(true)
      }
    })

    it(`when ${viewer} reads the ${QUARTER} report, open deals per stage and the quarter's won and lost add up`, async () => {
      const user = viewer === 'srdev' ? admin : users.bdm
      const res = await request(t.app).get('/api/v1/deals/report').query({ pipeline, quarter: QUARTER }).set(auth(user))
      expect(res.status).toBe(200)
      const data = (
        res.body as {
          data: { stages: Tally[]; open: Tally; won: Tally; lost: Tally; quarter: { from: string; to: string } }
        }
      ).data
      expect(data.quarter).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' })
      expect(data.stages.map(({ count, totals }) => ({ count, totals }))).toEqual(
        stages.map((_, index) => tally(openAt(who, index))),
      )
      expect(data.open).toEqual(tally(live(who).filter((spec) => !spec.close)))
      expect(data.won).toEqual(tally(closed(who, 'win')))
      expect(data.lost).toEqual(tally(closed(who, 'lose')))
    })
  }

  it('when the pipeline or quarter is malformed, responds 400 naming it; an unknown pipeline is 404', async () => {
    const bad = await request(t.app)
      .get('/api/v1/deals/report')
      .query({ pipeline: 'x', quarter: '2026-Q5' })
      .set(auth(admin))
    expect(bad.status).toBe(400)
    expect(pathsOf(bad.body).sort()).toEqual(['pipeline', 'quarter'])
    const unknown = await request(t.app)
      .get('/api/v1/deals/board')
      .query({ pipeline: '0123456789abcdef01234567' })
      .set(auth(admin))
    expect(unknown.status).toBe(404)
  })

  it('when a user without a deals grant asks for the board, responds 403', async () => {
    const user = await createUser(t, { role: 'HR' })
    expect((await request(t.app).get('/api/v1/deals/board').query({ pipeline }).set(auth(user))).status).toBe(403)
  })
})
