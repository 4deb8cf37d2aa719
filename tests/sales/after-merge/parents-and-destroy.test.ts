import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import type { TestApp } from '../../setup/app.js'
import { auth, buildSalesApp, clientOf, created, pipelineWith, unique, type Stored } from '../sales-app.js'

// Enable after the parents / destroy-refusal / expand / activity branches are merged (rename to .test.ts).

describe('sales records under their parents, guarded on destroy, expanded, with activity', () => {
  let t: TestApp
  let admin: TestUser

  beforeAll(async () => {
    t = await buildSalesApp('sales-parents')
    admin = await createUser(t, { role: 'srdev' })
  })
  afterAll(() => t.close())

  it("when a client's contacts are listed and added under it, they are that client's", async () => {
    const client = await clientOf(t, admin, admin.id)
    const added = await request(t.app)
      .post(`/api/v1/clients/${client}/sub-clients`)
      .set(auth(admin))
      .send({ name: 'Meera' })
    expect(added.status).toBe(201)
    expect((added.body as { data: Stored }).data.client).toBe(client)
    const list = await request(t.app).get(`/api/v1/clients/${client}/sub-clients`).set(auth(admin))
    expect((list.body as { data: Stored[] }).data.map((row) => row.name)).toEqual(['Meera'])
  })

  it("when a pipeline's stages are listed under it, they come in board order", async () => {
    const { pipeline } = await pipelineWith(t, admin, ['One', 'Two', 'Three'])
    const list = await request(t.app).get(`/api/v1/pipelines/${pipeline}/stages`).set(auth(admin))
    expect((list.body as { data: Stored[] }).data.map((row) => row.name)).toEqual(['One', 'Two', 'Three'])
  })

  it('when a client with deals is destroyed, responds 409 naming deals; a pipeline takes its stages with it', async () => {
    const client = await clientOf(t, admin, admin.id)
    const board = await pipelineWith(t, admin, ['Only'])
    const deal = {
      title: `Deal ${unique()}`,
      client,
      ...{ pipeline: board.pipeline, stage: board.stages[0] },
      value: 1,
    }
    await created(t, admin, 'deals', deal)
    expect((await request(t.app).delete(`/api/v1/clients/${client}`).set(auth(admin))).status).toBe(200)
    const refused = await request(t.app).delete(`/api/v1/clients/${client}/permanent`).set(auth(admin))
    expect(refused.status).toBe(409)
    expect(JSON.stringify(refused.body)).toContain('deals')
    const empty = await pipelineWith(t, admin, ['Gone'])
    expect((await request(t.app).delete(`/api/v1/pipelines/${empty.pipeline}`).set(auth(admin))).status).toBe(200)
    const destroyed = await request(t.app).delete(`/api/v1/pipelines/${empty.pipeline}/permanent`).set(auth(admin))
    expect(destroyed.status).toBe(200)
    expect(await t.context.resources.stages.model.collection.countDocuments({ name: 'Gone' })).toBe(0)
  })

  it('when a deal is read with expand, its client and stage come with their labels; its moves show in its activity', async () => {
    const client = await clientOf(t, admin, admin.id)
    const board = await pipelineWith(t, admin, ['First', 'Second'])
    const deal = await created(t, admin, 'deals', {
      title: `Deal ${unique()}`,
      client,
      pipeline: board.pipeline,
      stage: board.stages[0],
      value: 1,
    })
    await request(t.app).post(`/api/v1/deals/${deal._id}/move`).set(auth(admin)).send({ stage: board.stages[1] })
    const read = await request(t.app)
      .get(`/api/v1/deals/${deal._id}`)
      .query({ expand: 'client,stage' })
      .set(auth(admin))
    expect(read.status).toBe(200)
    expect(JSON.stringify(read.body)).toContain('Second')
    const activity = await request(t.app).get(`/api/v1/deals/${deal._id}/activity`).set(auth(admin))
    expect(activity.status).toBe(200)
    expect(JSON.stringify(activity.body)).toContain('move')
  })
})
