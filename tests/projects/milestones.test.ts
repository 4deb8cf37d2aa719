import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, pathsOf, projectBody, stored, trail, unique } from './helpers.js'

let t: TestApp
let manager: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_milestones')
  manager = await createUser(t, { role: 'srdev' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const BUDGET = 200_000_00

async function newProject(): Promise<string> {
  return (await created(t, manager, 'projects', projectBody({ budget: BUDGET })))._id
}

async function budgetOf(projectId: string) {
  const project = await stored(t, 'projects', projectId)
  return { milestoneCosts: project?.milestoneCosts, totalBudget: project?.totalBudget }
}

const milestone = (project: string, cost: number, addCostToBudget = true) => ({
  project,
  title: `Phase ${unique()}`,
  cost,
  addCostToBudget,
})

describe("a milestone's cost in its project's budget", () => {
  it('when a flagged milestone is created, its cost is added to the project with an audited update', async () => {
    const project = await newProject()
    const made = await created(t, manager, 'milestones', milestone(project, 30_000_00))
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 30_000_00, totalBudget: BUDGET + 30_000_00 })
    const last = (await trail(t, project)).at(-1)
    expect(last).toMatchObject({ action: 'update', reason: `milestone costs: ${String(made.title)} created` })
    expect(last?.changes).toEqual(expect.arrayContaining([{ path: 'milestoneCosts', before: 0, after: 30_000_00 }]))
  })

  it('when a milestone is not flagged, the budget is left alone', async () => {
    const project = await newProject()
    await created(t, manager, 'milestones', milestone(project, 10_000_00, false))
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 0, totalBudget: BUDGET })
    expect((await trail(t, project)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('when the flag is turned off, the cost changes, or the milestone is trashed and restored, the budget follows', async () => {
    const project = await newProject()
    const first = await created(t, manager, 'milestones', milestone(project, 30_000_00))
    const second = await created(t, manager, 'milestones', milestone(project, 5_000_00))
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 35_000_00, totalBudget: BUDGET + 35_000_00 })

    await api().patch(`/api/v1/milestones/${first._id}`).set(as(manager)).send({ addCostToBudget: false }).expect(200)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 5_000_00, totalBudget: BUDGET + 5_000_00 })

    await api().patch(`/api/v1/milestones/${second._id}`).set(as(manager)).send({ cost: 7_500_00 }).expect(200)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 7_500_00, totalBudget: BUDGET + 7_500_00 })

    await api().delete(`/api/v1/milestones/${second._id}`).set(as(manager)).expect(200)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 0, totalBudget: BUDGET })

    await api().post(`/api/v1/milestones/${second._id}/restore`).set(as(manager)).expect(200)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 7_500_00, totalBudget: BUDGET + 7_500_00 })

    await api().delete(`/api/v1/milestones/${second._id}`).set(as(manager)).expect(200)
    await api().delete(`/api/v1/milestones/${second._id}/permanent`).set(as(manager)).expect(200)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 0, totalBudget: BUDGET })
    const [a, b] = [String(first.title), String(second.title)]
    // The final destroy changes nothing: the trash before it already took the cost out.
    expect((await trail(t, project)).slice(1).map((entry) => entry.reason)).toEqual(
      [
        `${a} created`,
        `${b} created`,
        `${a} updated`,
        `${b} updated`,
        `${b} trashed`,
        `${b} restored`,
        `${b} trashed`,
      ].map((what) => `milestone costs: ${what}`),
    )
  })

  it("when the project's own budget is changed, the total keeps the milestone costs", async () => {
    const project = await newProject()
    await created(t, manager, 'milestones', milestone(project, 1_000_00))
    const res = await api()
      .patch(`/api/v1/projects/${project}`)
      .set(as(manager))
      .send({ budget: 50_000_00 })
      .expect(200)
    expect(res.body.data).toMatchObject({ budget: 50_000_00, milestoneCosts: 1_000_00, totalBudget: 51_000_00 })
  })

  it('when a milestone moves to another project, the cost leaves the first and joins the second', async () => {
    const from = await newProject()
    const to = await newProject()
    const made = await created(t, manager, 'milestones', milestone(from, 2_000_00))
    await api().patch(`/api/v1/milestones/${made._id}`).set(as(manager)).send({ project: to }).expect(200)
    expect(await budgetOf(from)).toEqual({ milestoneCosts: 0, totalBudget: BUDGET })
    expect(await budgetOf(to)).toEqual({ milestoneCosts: 2_000_00, totalBudget: BUDGET + 2_000_00 })
  })

  it("when a flagged milestone's currency differs from the project's, responds 409 naming currency and stores nothing", async () => {
    const project = await newProject()
    const before = await t.context.resources.milestones.model.collection.countDocuments({})
    const res = await api()
      .post('/api/v1/milestones')
      .set(as(manager))
      .send({ ...milestone(project, 100_00), currency: 'USD' })
      .expect(409)
    expect(pathsOf(res.body)).toEqual(['currency'])
    expect(await t.context.resources.milestones.model.collection.countDocuments({})).toBe(before)
    expect(await budgetOf(project)).toEqual({ milestoneCosts: 0, totalBudget: BUDGET })
  })

  it('when the cost is not whole paise, responds 400 naming cost', async () => {
    const project = await newProject()
    const res = await api().post('/api/v1/milestones').set(as(manager)).send(milestone(project, 10.5)).expect(400)
    expect(pathsOf(res.body)).toEqual(['cost'])
  })
})
