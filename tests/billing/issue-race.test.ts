import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { financialYear } from '../../src/invoices/gst.js'
import { nextDocumentNumber } from '../../src/invoices/series.js'
import { ISSUE_CLAIM_FIELD, ISSUE_CLAIM_STALE_MS } from '../../src/models/billing/issue-claim.js'
import type { TestApp } from '../setup/app.js'
import { api, buildBillingApp, createUser, draftInvoice, newClient, type Api, type Doc } from './billing-fixtures.js'

// Issuing one draft from two requests at the same moment: the draft is claimed by one atomic conditional update
// before a number is taken, so exactly one request issues it and the other is 409 naming the state, and the SI
// sequence advances by one: no number is lost (GST wants issued numbers without gaps). Each round races real HTTP
// requests; the assertions are about the final state only, never about timing.

const ROUNDS = 4
const year = financialYear(new Date())
const COUNTER = `document:SI:${year}`

describe('issuing one sales invoice twice at once', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-issue-race')
    as = api(t, await createUser(t, { role: 'admin' }))
  })
  afterAll(() => t.close())

  const counters = () => t.context.db.connection.collection<{ _id: string; seq: number }>('counters')
  const sequence = async () => (await counters().findOne({ _id: COUNTER }))?.seq ?? 0
  const stored = (id: string) =>
    t.context.resources.salesInvoices.model.collection.findOne({ _id: new Types.ObjectId(id) })
  const transitions = (id: string) =>
    t.context.resources.audit
      .find({ resource: 'sales-invoices', documentId: new Types.ObjectId(id), action: 'transition' })
      .lean()
  const draft = async (): Promise<Doc> => draftInvoice(as, await newClient(as))

  it('when two issue requests race on one draft, one issues it, the other is 409 naming the state, and the sequence advances by one', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await draft()
      const before = await sequence()
      const responses = await Promise.all([
        as.post(`/sales-invoices/${invoice._id}/issue`),
        as.post(`/sales-invoices/${invoice._id}/issue`),
      ])
      expect(responses.map((res) => res.status).sort(), JSON.stringify(responses.map((r) => r.body))).toEqual([
        200, 409,
      ])
      const refused = responses.find((res) => res.status === 409)
      expect(refused?.body.details).toEqual([
        { path: 'status', message: expect.stringMatching(/^is (issued|draft, being issued by another request)$/) },
      ])
      expect(refused?.body.message).toMatch(/state issued|being issued/)
      const winner = responses.find((res) => res.status === 200)?.body.data as Doc
      expect(await sequence()).toBe(before + 1)
      expect(winner.number).toBe(`SI/${year}/${String(before + 1).padStart(4, '0')}`)
      const row = await stored(invoice._id)
      expect(row).toMatchObject({ status: 'issued', number: winner.number, _rev: 2 })
      expect(row?.[ISSUE_CLAIM_FIELD]).toBeUndefined()
      const entries = await transitions(invoice._id)
      expect(entries).toHaveLength(1)
      expect(entries[0]?.changes).toEqual(expect.arrayContaining([{ path: 'number', after: winner.number }]))
      expect(JSON.stringify(entries)).not.toContain(ISSUE_CLAIM_FIELD)
    }
  })

  it('when an issue is under way (a fresh claim), another is 409 and takes no number; once the claim is stale, the draft is issued with the number it holds', async () => {
    const invoice = await draft()
    const _id = new Types.ObjectId(invoice._id)
    const collection = t.context.resources.salesInvoices.model.collection
    // A request that claimed the draft and took its number, then died before issuing.
    const taken = await nextDocumentNumber(t.context.db.connection, 'SI', new Date())
    await collection.updateOne(
      { _id },
      { $set: { [ISSUE_CLAIM_FIELD]: { key: 'dead', at: new Date(), number: taken } } },
    )
    const before = await sequence()

    const busy = await as.post(`/sales-invoices/${invoice._id}/issue`)
    expect(busy.status).toBe(409)
    expect(busy.body.details).toEqual([{ path: 'status', message: 'is draft, being issued by another request' }])
    expect(await sequence()).toBe(before)
    expect(await stored(invoice._id)).toMatchObject({ status: 'draft', number: null, _rev: 1 })

    const stale = new Date(Date.now() - ISSUE_CLAIM_STALE_MS - 1000)
    await collection.updateOne({ _id }, { $set: { [`${ISSUE_CLAIM_FIELD}.at`]: stale } })
    const issued = await as.post(`/sales-invoices/${invoice._id}/issue`)
    expect(issued.status).toBe(200)
    expect(issued.body.data.number).toBe(taken)
    expect(issued.text).not.toContain(ISSUE_CLAIM_FIELD)
    expect(await sequence()).toBe(before)
    expect(await transitions(invoice._id)).toHaveLength(1)
    expect((await stored(invoice._id))?.[ISSUE_CLAIM_FIELD]).toBeUndefined()
  })

  it('when an issue races an edit of the draft, no number is lost: a failed issue leaves its number for the next one', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await draft()
      const before = await sequence()
      const [issue, edit] = await Promise.all([
        as.post(`/sales-invoices/${invoice._id}/issue`),
        as.patch(`/sales-invoices/${invoice._id}`, { notes: `edited in round ${String(round)}` }),
      ])
      // Either may win; the loser is refused (an edit of an issued invoice, or an issue of a changed draft).
      expect([200, 412]).toContain(issue.status)
      expect([200, 409, 412]).toContain(edit.status)
      if (issue.status !== 200) {
        expect((await stored(invoice._id))?.[ISSUE_CLAIM_FIELD]).toMatchObject({ key: null })
        expect((await as.post(`/sales-invoices/${invoice._id}/issue`)).status).toBe(200)
      }
      const row = await stored(invoice._id)
      expect(row).toMatchObject({ status: 'issued', number: `SI/${year}/${String(before + 1).padStart(4, '0')}` })
      expect(await sequence()).toBe(before + 1)
      expect(await transitions(invoice._id)).toHaveLength(1)
    }
  })

  it('when a stored draft breaks the record rules, the issue is 400 naming the field and takes no number', async () => {
    const invoice = await draft()
    const _id = new Types.ObjectId(invoice._id)
    // A draft written before today's date rule: due before its issue date.
    await t.context.resources.salesInvoices.model.collection.updateOne(
      { _id },
      { $set: { issueDate: new Date('2026-06-10'), dueDate: new Date('2026-06-01') } },
    )
    const before = await sequence()
    const refused = await as.post(`/sales-invoices/${invoice._id}/issue`)
    expect(refused.status).toBe(400)
    expect(refused.body.details).toEqual([{ path: 'dueDate', message: 'must not be before issueDate' }])
    expect(await sequence()).toBe(before)
    const row = await stored(invoice._id)
    expect(row).toMatchObject({ status: 'draft', number: null, _rev: 1 })
    expect(row?.[ISSUE_CLAIM_FIELD]).toBeUndefined()
  })
})
