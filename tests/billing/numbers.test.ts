import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { financialYear } from '../../src/invoices/gst.js'
import type { TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import {
  api,
  buildBillingApp,
  createUser,
  created,
  dataOf,
  draftInvoice,
  issuedInvoice,
  newClient,
  oneLine,
  type Api,
} from './billing-fixtures.js'

// Numbers per series and financial year from atomic counters: offers on create, invoices on issue.

describe('sales document numbers', () => {
  let t: TestApp
  let as: Api
  const year = financialYear(new Date())
  beforeAll(async () => {
    t = await buildBillingApp('billing-numbers')
    as = api(t, await createUser(t, { role: 'srdev' }))
  })
  afterAll(() => t.close())

  it('when offers are created in parallel, each series counts on its own, consecutively', async () => {
    const client = await newClient(as)
    const quotation = () => as.post('/quotations', { client: client._id, validTill: '2099-12-31', items: oneLine })
    const [a, b, c] = await Promise.all([quotation(), quotation(), quotation()])
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201])
    expect([a, b, c].map((res) => dataOf(res).number).sort()).toEqual([
      `QT/${year}/0001`,
      `QT/${year}/0002`,
      `QT/${year}/0003`,
    ])
    const estimate = await created(
      as.post('/estimates', { client: client._id, validTill: '2099-12-31', items: oneLine }),
    )
    const proposal = await created(as.post('/proposals', { title: 'Revamp', validTill: '2099-12-31', items: oneLine }))
    const salesQuotation = await created(as.post('/sales-quotations', { client: client._id, items: oneLine }))
    expect([estimate.number, proposal.number, salesQuotation.number]).toEqual([
      `ES/${year}/0001`,
      `PR/${year}/0001`,
      `SQ/${year}/0001`,
    ])
  })

  it('when a create is refused, no number is taken; a number sent by a client is refused', async () => {
    const client = await newClient(as)
    const bad = await as.post('/estimates', { client: client._id, validTill: 'soon', items: oneLine })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].path).toBe('validTill')
    const forged = await as.post('/estimates', {
      client: client._id,
      validTill: '2099-12-31',
      items: oneLine,
      number: 'X-1',
    })
    expect(forged.status).toBe(400)
    const next = await created(as.post('/estimates', { client: client._id, validTill: '2099-12-31', items: oneLine }))
    expect(next.number).toBe(`ES/${year}/0002`)
  })

  it('when invoices are drafted they have no number; issuing gives SI numbers in the year of the issue date', async () => {
    const client = await newClient(as)
    const draft = await draftInvoice(as, client)
    expect(draft).toMatchObject({ number: null, status: 'draft' })
    const first = await issuedInvoice(as, client)
    const second = await issuedInvoice(as, client)
    expect([first.number, second.number]).toEqual([`SI/${year}/0001`, `SI/${year}/0002`])
    const lastYear = await issuedInvoice(as, client, { issueDate: '2025-03-31' })
    expect(lastYear.number).toBe('SI/2024-25/0001')
    const audit = await committedAudit(t, 'sales-invoices', first._id)
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'transition'])
    expect(audit[1]?.changes).toEqual(
      expect.arrayContaining([
        { path: 'status', before: 'draft', after: 'issued' },
        { path: 'number', after: `SI/${year}/0001` },
      ]),
    )
    // Issuing twice is refused and takes no number.
    const again = await as.post(`/sales-invoices/${first._id}/issue`)
    expect(again.status).toBe(409)
    expect(again.body.details).toEqual([{ path: 'status', message: 'is issued' }])
    const plain = await as.post(`/sales-invoices/${draft._id}/transition`, { to: 'issued' })
    expect(plain.status).toBe(409)
    const third = await created(as.post(`/sales-invoices/${draft._id}/issue`), 200)
    expect(third.number).toBe(`SI/${year}/0003`)
  })

  it('when credit notes are written, they count in their own SCN series', async () => {
    const client = await newClient(as)
    const invoice = await issuedInvoice(as, client)
    const note = await created(
      as.post('/sales-credit-notes', {
        invoice: invoice._id,
        reason: 'Discount agreed',
        items: [{ description: 'Goodwill', quantity: 1, unitPrice: 1000, taxRate: 18 }],
      }),
    )
    expect(note.number).toBe(`SCN/${year}/0001`)
  })
})
