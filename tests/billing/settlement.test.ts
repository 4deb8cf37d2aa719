import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import {
  api,
  buildBillingApp,
  createUser,
  created,
  draftInvoice,
  issuedInvoice,
  newClient,
  receipt,
  type Api,
} from './billing-fixtures.js'

// An issued invoice is frozen; its paid, credited and outstanding amounts and its status follow its receipts and
// credit notes. Invoices here total 118,000 paise (₹1,000 + 18% GST).

const credit = (invoiceId: string, unitPrice: number) => ({
  invoice: invoiceId,
  reason: 'Service shortfall',
  items: [{ description: 'Credit', quantity: 1, unitPrice, taxRate: 18 }],
})

describe('invoice settlement', () => {
  let t: TestApp
  let as: Api
  const invoiceOf = (id: string) => t.context.resources.salesInvoices.model.findById(id).lean()
  beforeAll(async () => {
    t = await buildBillingApp('billing-settlement')
    as = api(t, await createUser(t, { role: 'admin' }))
  })
  afterAll(() => t.close())

  it('when an invoice is issued, PATCH and trash are refused with 409 and nothing changes', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    const patched = await as.patch(`/sales-invoices/${invoice._id}`, { notes: 'changed' })
    expect(patched.status).toBe(409)
    expect(patched.body.message).toBe('An issued invoice cannot change; correct it with a credit note')
    const trashed = await as.delete(`/sales-invoices/${invoice._id}`)
    expect(trashed.status).toBe(409)
    expect(await invoiceOf(invoice._id)).toMatchObject({ notes: '', deletedAt: null, _rev: invoice._rev })
  })

  it('when a partial receipt arrives, outstanding drops and the status is partially_paid; the rest makes it paid', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    const first = await receipt(as, invoice, 18_000)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.data).toMatchObject({ currency: 'INR', client: invoice.client })
    expect(await invoiceOf(invoice._id)).toMatchObject({
      status: 'partially_paid',
      paidAmount: 18_000,
      creditedAmount: 0,
      outstanding: 100_000,
    })
    const audit = await committedAudit(t, 'sales-invoices', invoice._id)
    expect(audit.at(-1)).toMatchObject({
      action: 'update',
      actor: { kind: 'system' },
      reason: `sales-revenue ${String(first.body.data._id)} created`,
    })
    expect(audit.at(-1)?.changes).toEqual(
      expect.arrayContaining([{ path: 'status', before: 'issued', after: 'partially_paid' }]),
    )
    expect((await receipt(as, invoice, 100_000)).status).toBe(201)
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'paid', paidAmount: 118_000, outstanding: 0 })
  })

  it('when a receipt exceeds the outstanding amount, responds 409 naming amount and stores nothing', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    await created(receipt(as, invoice, 100_000))
    const receipts = t.context.resources.salesRevenue.model
    const before = await receipts.countDocuments()
    const over = await receipt(as, invoice, 18_001)
    expect(over.status).toBe(409)
    expect(over.body.details).toEqual([
      { path: 'amount', message: "18001 paise exceeds the invoice's outstanding 18000 paise" },
    ])
    expect(await receipts.countDocuments()).toBe(before)
    expect(await invoiceOf(invoice._id)).toMatchObject({ paidAmount: 100_000, outstanding: 18_000 })
  })

  it('when a receipt names a draft invoice, responds 409 naming the invoice', async () => {
    const draft = await draftInvoice(as, await newClient(as))
    const res = await receipt(as, draft, 1_000)
    expect(res.status).toBe(409)
    expect(res.body.details).toEqual([{ path: 'invoice', message: 'is draft; only an issued invoice takes receipts' }])
  })

  it('when a credit note is written, outstanding drops; one above the outstanding is refused with 409', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    await created(receipt(as, invoice, 59_000))
    // 10,000 + 18% = 11,800 paise credited.
    const note = await created(as.post('/sales-creditnote', credit(invoice._id, 10_000)))
    expect(note).toMatchObject({ total: 11_800, cgst: 900, sgst: 900, client: invoice.client })
    expect(await invoiceOf(invoice._id)).toMatchObject({
      status: 'partially_paid',
      paidAmount: 59_000,
      creditedAmount: 11_800,
      outstanding: 47_200,
    })
    const notes = t.context.resources.salesCreditNotes.model
    const before = await notes.countDocuments()
    // 40,100 + 18% = 47,318 > 47,200.
    const over = await as.post('/sales-credit-notes', credit(invoice._id, 40_100))
    expect(over.status).toBe(409)
    expect(over.body.details).toEqual([
      { path: 'total', message: "47318 paise exceeds the invoice's outstanding 47200 paise" },
    ])
    expect(await notes.countDocuments()).toBe(before)
    // What a credit note credits never changes; its notes may.
    expect((await as.patch(`/sales-credit-notes/${note._id}`, { reason: 'other' })).status).toBe(400)
    // The credit note trashed: the invoice owes it again.
    expect((await as.delete(`/sales-credit-notes/${note._id}`)).status).toBe(200)
    expect(await invoiceOf(invoice._id)).toMatchObject({ creditedAmount: 0, outstanding: 59_000 })
  })

  it('when a full credit note covers an unpaid invoice, the invoice is void and takes no receipt', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    await created(as.post('/sales-credit-notes', credit(invoice._id, 100_000)))
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'void', creditedAmount: 118_000, outstanding: 0 })
    const res = await receipt(as, invoice, 1)
    expect(res.status).toBe(409)
    expect(res.body.details[0].path).toBe('invoice')
  })

  it('when a receipt is trashed and restored, the invoice follows', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    const paid = await created(receipt(as, invoice, 118_000))
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'paid' })
    expect((await as.delete(`/sales-revenue/${paid._id}`)).status).toBe(200)
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'issued', paidAmount: 0, outstanding: 118_000 })
    expect((await as.post(`/sales-revenue/${paid._id}/restore`)).status).toBe(200)
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'paid', paidAmount: 118_000, outstanding: 0 })
  })

  it('when restoring a trashed receipt would take the invoice below zero, responds 409 naming amount', async () => {
    const invoice = await issuedInvoice(as, await newClient(as))
    const first = await created(receipt(as, invoice, 100_000))
    expect((await as.delete(`/sales-revenue/${first._id}`)).status).toBe(200)
    await created(receipt(as, invoice, 118_000))
    const restored = await as.post(`/sales-revenue/${first._id}/restore`)
    expect(restored.status).toBe(409)
    expect(restored.body.details).toEqual([
      { path: 'amount', message: "100000 paise exceeds the invoice's outstanding 0 paise" },
    ])
    const stored = await t.context.resources.salesRevenue.model
      .findOne({ _id: first._id })
      .setOptions({ withTrashed: true })
      .lean()
    expect(stored?.deletedAt).not.toBeNull()
    expect(await invoiceOf(invoice._id)).toMatchObject({ status: 'paid', paidAmount: 118_000, outstanding: 0 })
  })

  it('when an unpaid invoice is voided, a credit note for all of it is written and the invoice is void; a paid one is refused', async () => {
    const invoice = await issuedInvoice(as, await newClient(as, 'Goa'))
    const res = await as.post(`/sales-invoices/${invoice._id}/void`, { reason: 'Raised in error' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.data.creditNote).toMatchObject({ total: 118_000, igst: 18_000, reason: 'Raised in error' })
    expect(res.body.data.invoice).toMatchObject({ status: 'void', creditedAmount: 118_000, outstanding: 0 })
    const again = await as.post(`/sales-invoices/${invoice._id}/void`, { reason: 'twice' })
    expect(again.status).toBe(409)
    expect(again.body.details).toEqual([{ path: 'status', message: 'is void' }])
    const paid = await issuedInvoice(as, await newClient(as))
    await created(receipt(as, paid, 1_000))
    const refused = await as.post(`/sales-invoices/${paid._id}/void`, { reason: 'too late' })
    expect(refused.status).toBe(409)
    expect(refused.body.details[0].path).toBe('status')
    const noReason = await as.post(`/sales-invoices/${paid._id}/void`, {})
    expect(noReason.status).toBe(400)
    expect(noReason.body.details[0].path).toBe('reason')
  })
})
