import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/access/actor.js'
import { billingReconcile } from '../../src/jobs/billing.reconcile.js'
import { runJob } from '../../src/jobs/run-job.js'
import type { TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import {
  api,
  buildBillingApp,
  createUser,
  issuedInvoice,
  newClient,
  receipt,
  type Api,
  type Doc,
} from './billing-fixtures.js'

// billing.reconcile: an invoice whose settlement a crash interrupted (its receipt stored, the invoice not written) is
// recounted by the job, audited with the run as actor; a second run changes nothing; holds of writes that died are
// dropped after the grace period, and young ones are kept.

const thousandRupees = [{ description: 'Retainer', quantity: 1, unitPrice: 100_000, taxRate: 0 }]
const REASON = 'billing.reconcile: recounted from its receipts and credit notes'

describe('billing.reconcile', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-reconcile')
    as = api(t, await createUser(t, { role: 'admin' }))
  })
  afterAll(() => t.close())

  const invoiceState = (id: string) =>
    t.context.resources.salesInvoices.model.findById(id).select('+settlementHolds').lean<Doc>()
  const freshInvoice = async () => issuedInvoice(as, await newClient(as), { items: thousandRupees })

  it('when a receipt was stored without its settlement, the job recounts the invoice, audited as the run, once', async () => {
    const invoice = await freshInvoice()
    // The receipt write happened; the process died before the invoice was settled.
    await t.context.resources.salesRevenue.model.create({
      invoice: invoice._id,
      client: invoice.client,
      amount: 30_000,
      currency: 'INR',
      account: 'HDFC current',
      method: 'cash',
    })
    expect(await invoiceState(invoice._id)).toMatchObject({ paidAmount: 0, outstanding: 100_000, status: 'issued' })

    const run = await runJob(t.context, billingReconcile, {})
    expect(run.processed).toBeGreaterThanOrEqual(1)
    expect(await invoiceState(invoice._id)).toMatchObject({
      paidAmount: 30_000,
      outstanding: 70_000,
      status: 'partially_paid',
    })
    const audit = await committedAudit(t, 'sales-invoices', invoice._id)
    expect(audit.at(-1)).toMatchObject({
      action: 'update',
      actor: { kind: 'job', name: 'billing.reconcile', runId: run.runId },
      reason: REASON,
    })
    expect(audit.at(-1)?.changes).toEqual(
      expect.arrayContaining([
        { path: 'paidAmount', before: 0, after: 30_000 },
        { path: 'outstanding', before: 100_000, after: 70_000 },
        { path: 'status', before: 'issued', after: 'partially_paid' },
      ]),
    )
    // Idempotent: a second run finds the invoice right and writes nothing.
    await runJob(t.context, billingReconcile, {})
    expect(await committedAudit(t, 'sales-invoices', invoice._id)).toHaveLength(audit.length)
  })

  it('when a receipt create dies after its document write, its hold keeps the amount taken until the job counts it', async () => {
    const invoice = await freshInvoice()
    const crash = () => {
      throw new Error('process died here')
    }
    const raw = { invoice: invoice._id, amount: 30_000, account: 'HDFC current', method: 'upi' }
    await expect(
      t.context.resources.salesRevenue.create(systemActor, raw, { hooks: { afterDocumentWrite: crash } }),
    ).rejects.toThrow('process died here')
    const stale = await invoiceState(invoice._id)
    expect(stale).toMatchObject({ paidAmount: 0, outstanding: 100_000 })
    expect(stale?.settlementHolds).toHaveLength(1)

    // Meanwhile the stale invoice still refuses more than is really outstanding.
    const over = await receipt(as, invoice, 80_000)
    expect(over.status).toBe(409)
    expect(over.body.details).toEqual([
      { path: 'amount', message: "80000 paise exceeds the invoice's outstanding 70000 paise" },
    ])

    const run = await runJob(t.context, billingReconcile, {})
    expect(await invoiceState(invoice._id)).toMatchObject({
      paidAmount: 30_000,
      outstanding: 70_000,
      settlementHolds: [],
    })
    expect((await committedAudit(t, 'sales-invoices', invoice._id)).at(-1)).toMatchObject({
      actor: { kind: 'job', name: 'billing.reconcile', runId: run.runId },
    })
    expect((await receipt(as, invoice, 70_000)).status).toBe(201)
    expect(await invoiceState(invoice._id)).toMatchObject({ status: 'paid', outstanding: 0, settlementHolds: [] })
  })

  it('when a hold belongs to a write that never happened, the job drops it after the grace period and keeps a young one', async () => {
    const invoice = await freshInvoice()
    const auditBefore = (await committedAudit(t, 'sales-invoices', invoice._id)).length
    const hold = (at: Date) => ({ key: `${new Types.ObjectId().toHexString()}:1`, amount: 40_000, at })
    const dead = hold(new Date(Date.now() - 60 * 60_000))
    const young = hold(new Date())
    await t.context.resources.salesInvoices.model.updateOne(
      { _id: invoice._id },
      { $push: { settlementHolds: { $each: [dead, young] } } },
    )
    // Both hold: 100,000 - 80,000 leaves 20,000.
    expect((await receipt(as, invoice, 30_000)).status).toBe(409)

    await runJob(t.context, billingReconcile, {})
    const state = await invoiceState(invoice._id)
    expect(state?.settlementHolds).toEqual([young])
    // Bookkeeping never shows: not in the API's invoice.
    const shown = await as.get(`/sales-invoices/${invoice._id}`)
    expect(shown.status).toBe(200)
    expect(shown.body.data).not.toHaveProperty('settlementHolds')
    expect(state).toMatchObject({ paidAmount: 0, outstanding: 100_000, status: 'issued' })
    // Bookkeeping only: the invoice's audited fields did not change, so no entry.
    expect(await committedAudit(t, 'sales-invoices', invoice._id)).toHaveLength(auditBefore)
    expect((await receipt(as, invoice, 60_000)).status).toBe(201)
  })
})
