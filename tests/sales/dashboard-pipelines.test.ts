import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDashboard } from '../../src/admin/dashboard/index.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { actorOf } from '../setup/resource-app.js'
import { auth, buildSalesApp, clientOf, created, pipelineWith, unique } from './sales-app.js'

// The admin dashboard's pipeline section: the current quarter's report per pipeline, over the deals the viewer reads.

const NOW = new Date('2026-11-15T10:00:00Z')

describe('admin dashboard: pipelines', () => {
  let t: TestApp
  let admin: TestUser
  let bdm: TestUser
  let pipeline: string

  beforeAll(async () => {
    t = await buildSalesApp('sales-dashboard')
    admin = await createUser(t, { role: 'srdev' })
    bdm = await createUser(t, { role: 'bdm' })
    const board = await pipelineWith(t, admin, ['Qualified', 'Proposal'])
    pipeline = board.pipeline
    const deal = (ownerId: string, client: string, value: number, stage = board.stages[0]) => ({
      title: `Deal ${unique()}`,
      client,
      pipeline,
      stage,
      value,
      ownerId,
    })
    const mine = await clientOf(t, admin, bdm.id)
    const theirs = await clientOf(t, admin, admin.id)
    await created(t, admin, 'deals', deal(bdm.id, mine, 100_00))
    await created(t, admin, 'deals', deal(admin.id, theirs, 300_00, board.stages[1]))
    const won = await created(t, admin, 'deals', deal(bdm.id, mine, 700_00))
    const body = { closedAt: '2026-10-02T00:00:00.000Z' }
    expect((await request(t.app).post(`/api/v1/deals/${won._id}/win`).set(auth(admin)).send(body)).status).toBe(200)
  })
  afterAll(() => t.close())

  it('when srdev opens the dashboard, the quarter shows every deal per stage and the won value', async () => {
    const data = await loadDashboard(t.context, await actorOf(t, admin), NOW)
    const shown = data.pipelines?.pipelines.find((each) => each._id === pipeline)
    expect(data.pipelines).toMatchObject({ scope: 'all', quarter: '2026-Q4' })
    expect(shown?.stages.map((stage) => [stage.name, stage.count, stage.totals])).toEqual([
      ['Qualified', 1, [{ currency: 'INR', value: 100_00 }]],
      ['Proposal', 1, [{ currency: 'INR', value: 300_00 }]],
    ])
    expect(shown?.won).toEqual({ count: 1, totals: [{ currency: 'INR', value: 700_00 }] })
    expect(shown?.lost).toEqual({ count: 0, totals: [] })
  })

  it('when a bdm opens it, only their own deals count', async () => {
    const data = await loadDashboard(t.context, await actorOf(t, bdm), NOW)
    const shown = data.pipelines?.pipelines.find((each) => each._id === pipeline)
    expect(data.pipelines?.scope).toBe('own')
    expect(shown?.stages.map((stage) => stage.count)).toEqual([1, 0])
    expect(shown?.won.count).toBe(1)
  })

  it('when the viewer may not read deals, there is no pipeline section', async () => {
    const data = await loadDashboard(t.context, await actorOf(t, await createUser(t, { role: 'HR' })), NOW)
    expect(data.pipelines).toBeNull()
  })
})
