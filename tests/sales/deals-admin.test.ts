import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminLogin, postForm, recordUrl } from '../admin/admin-session.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { buildSalesApp, clientOf, created, pipelineWith, unique } from './sales-app.js'

// The deal workflow in the admin panel: the move dialog asks for a stage (a reference to Stage, picked with the edit
// form's type-ahead: tests/sales/deal-move.browser.test.ts), win's closing date is
// optional (now), and each ends in the same audited transition as REST.

describe('deals in the admin panel', () => {
  let t: TestApp
  let admin: TestUser
  let board: { pipeline: string; stages: string[] }
  let deal: string

  beforeAll(async () => {
    t = await buildSalesApp('sales-deals-admin')
    admin = await createUser(t, { role: 'srdev' })
    board = await pipelineWith(t, admin, ['Qualified', 'Proposal'])
    const client = await clientOf(t, admin, admin.id)
    const body = { title: `Deal ${unique()}`, client, pipeline: board.pipeline, stage: board.stages[0], value: 1_00 }
    deal = (await created(t, admin, 'deals', body))._id
  })
  afterAll(() => t.close())

  const stored = () => t.context.resources.deals.model.collection.findOne({ _id: new Types.ObjectId(deal) })

  it('when the move dialog opens, it asks for the stage as a required Stage reference; win for an optional date', async () => {
    const agent = await adminLogin(t, admin)
    const move = await agent.get(recordUrl('Deal', deal, 'move'))
    expect(move.status).toBe(200)
    expect(move.body.form).toMatchObject({
      name: 'move',
      fields: [{ name: 'stage', kind: 'reference', reference: 'Stage', required: true }],
    })
    const win = await agent.get(recordUrl('Deal', deal, 'win'))
    expect(win.body.form).toMatchObject({ fields: [{ name: 'closedAt', kind: 'date', required: false }] })
  })

  it('when a stage is given in the panel, the deal moves in one audited transition; then win closes it now', async () => {
    const agent = await adminLogin(t, admin)
    const moved = await postForm(agent, recordUrl('Deal', deal, 'move'), { reason: '', stage: board.stages[1] })
    expect(moved.status).toBe(200)
    expect(await stored()).toMatchObject({ status: 'open', stage: new Types.ObjectId(board.stages[1]) })
    const won = await postForm(agent, recordUrl('Deal', deal, 'win'), { reason: 'signed' })
    expect(won.status).toBe(200)
    const closed = await stored()
    expect(closed?.status).toBe('won')
    // No date given: the transition's default, the moment it was taken (after the deal was created).
    expect((closed?.closedAt as Date).getTime()).toBeGreaterThanOrEqual((closed?.createdAt as Date).getTime())
    expect((await auditOf(t, deal)).map((entry) => [entry.action, entry.reason])).toEqual([
      ['create', null],
      ['transition', 'move'],
      ['transition', 'win: signed'],
    ])
  })
})
