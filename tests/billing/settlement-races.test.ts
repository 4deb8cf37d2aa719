import { Types } from 'mongoose'
import type request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../setup/app.js'
import {
  api,
  buildBillingApp,
  createUser,
  created,
  issuedInvoice,
  newClient,
  receipt,
  type Api,
  type Doc,
} from './billing-fixtures.js'

// Receipts and credit notes written at the same moment against one invoice: without transactions, the amount is
// held on the invoice by one atomic conditional update before the write (settlement holds), so exactly the writes
// the outstanding amount covers are accepted. Each round races real HTTP requests; the assertions are about the
// final state only (which request wins is not asserted), never about timing.

const ROUNDS = 4
/** ₹1,000 and no GST: 100,000 paise outstanding once issued. */
const thousandRupees = [{ description: 'Retainer', quantity: 1, unitPrice: 100_000, taxRate: 0 }]

const statuses = (responses: request.Response[]) => responses.map((res) => res.status).sort()

describe('settlement races', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-races')
    as = api(t, await createUser(t, { role: 'admin' }))
  })
  afterAll(() => t.close())

  const invoiceState = async (id: string) =>
    t.context.resources.salesInvoices.model.findById(id).select('+settlementHolds').lean<Doc>()
  const receiptsOf = (id: string) =>
    t.context.resources.salesRevenue.model.find({ invoice: new Types.ObjectId(id) }).lean<Doc[]>()
  const auditCount = (resource: string) => t.context.resources.audit.countDocuments({ resource })
  const freshInvoice = async () => issuedInvoice(as, await newClient(as), { items: thousandRupees })

  it('when two receipts of 800 race for 1,000 outstanding, exactly one is accepted and the other is 409 naming the outstanding amount', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await freshInvoice()
      const auditBefore = await auditCount('sales-revenue')
      const responses = await Promise.all([receipt(as, invoice, 80_000), receipt(as, invoice, 80_000)])
      expect(statuses(responses), JSON.stringify(responses.map((res) => res.body))).toEqual([201, 409])
      const refused = responses.find((res) => res.status === 409)
      expect(refused?.body.details).toEqual([
        { path: 'amount', message: "80000 paise exceeds the invoice's outstanding 20000 paise" },
      ])
      const stored = await receiptsOf(invoice._id)
      expect(stored.map((row) => row.amount)).toEqual([80_000])
      // One audit entry (the accepted receipt's create), none for the refused one.
      expect(await auditCount('sales-revenue')).toBe(auditBefore + 1)
      expect(await invoiceState(invoice._id)).toMatchObject({
        paidAmount: 80_000,
        outstanding: 20_000,
        status: 'partially_paid',
        settlementHolds: [],
      })
    }
  })

  it('when three receipts of 400 race for 1,000, exactly two are accepted and the invoice counts both', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await freshInvoice()
      const responses = await Promise.all([1, 2, 3].map(() => receipt(as, invoice, 40_000)))
      expect(statuses(responses)).toEqual([201, 201, 409])
      expect((await receiptsOf(invoice._id)).length).toBe(2)
      expect(await invoiceState(invoice._id)).toMatchObject({
        paidAmount: 80_000,
        outstanding: 20_000,
        settlementHolds: [],
      })
    }
  })

  it('when a receipt and a credit note race for the same outstanding amount, exactly one is accepted', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await freshInvoice()
      const credit = as.post('/sales-credit-notes', {
        invoice: invoice._id,
        reason: 'Shortfall',
        items: [{ description: 'Credit', quantity: 1, unitPrice: 80_000, taxRate: 0 }],
      })
      const responses = await Promise.all([receipt(as, invoice, 80_000), credit])
      expect(statuses(responses)).toEqual([201, 409])
      const state = await invoiceState(invoice._id)
      expect(Number(state?.paidAmount) + Number(state?.creditedAmount)).toBe(80_000)
      expect(state).toMatchObject({ outstanding: 20_000, settlementHolds: [] })
    }
  })

  it('when a receipt is raised while another is written, only what the outstanding covers is accepted', async () => {
    const invoice = await freshInvoice()
    const first = await created(receipt(as, invoice, 10_000))
    const responses = await Promise.all([
      as.patch(`/sales-revenue/${first._id}`, { amount: 90_000 }),
      receipt(as, invoice, 80_000),
    ])
    // Either may win (the raise or the new receipt): both come to 90,000 paid.
    expect(statuses(responses).filter((status) => status === 409)).toEqual([409])
    expect(await invoiceState(invoice._id)).toMatchObject({
      paidAmount: 90_000,
      outstanding: 10_000,
      settlementHolds: [],
    })
  })
})
