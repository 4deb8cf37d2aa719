import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import { api, buildBillingApp, createUser, created, newClient, type Api, type Doc } from './billing-fixtures.js'

// Offers convert into sales invoices through the invoice service; a converted offer is history.

const lines = [
  { description: 'Design', quantity: 4, unitPrice: 80_000, taxRate: 18, discount: 20_000 },
  { description: 'Hosting', quantity: 12, unitPrice: 1_500, taxRate: 18 },
]

describe('converting offers into invoices', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-convert')
    as = api(t, await createUser(t, { role: 'admin' }))
  })
  afterAll(() => t.close())

  it('when a quotation is converted, a draft invoice with its client and lines is created and the quotation is converted; both audited', async () => {
    const client = await newClient(as, 'Kerala')
    const quotation = await created(
      as.post('/quotations', { client: client._id, validTill: '2099-12-31', items: lines }),
    )
    await created(as.post(`/quotations/${quotation._id}/accept`), 200)
    const res = await as.post(`/quotations/${quotation._id}/convert`, { dueDate: '2099-06-30' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const { source, invoice } = res.body.data as { source: Doc; invoice: Doc }
    expect(source).toMatchObject({ status: 'converted', convertedTo: invoice._id })
    expect(invoice).toMatchObject({
      status: 'draft',
      client: client._id,
      items: lines.map((line) => expect.objectContaining(line) as unknown),
      total: quotation.total,
      igst: quotation.igst,
      sourceResource: 'quotations',
      sourceId: quotation._id,
    })
    const stored = await t.context.resources.salesInvoices.model.findById(invoice._id).lean()
    expect(stored).toMatchObject({ total: quotation.total, sourceId: quotation._id })
    const invoiceAudit = await committedAudit(t, 'sales-invoices', invoice._id)
    expect(invoiceAudit).toMatchObject([
      { action: 'create', reason: `converted from quotations ${String(quotation.number)}` },
    ])
    const quotationAudit = await committedAudit(t, 'quotations', quotation._id)
    expect(quotationAudit.map((entry) => entry.action)).toEqual(['create', 'transition', 'transition'])
    expect(quotationAudit[2]?.reason).toBe(`convert: sales invoice ${invoice._id}`)
  })

  it('when a converted quotation is converted again, responds 409 naming the state and creates nothing', async () => {
    const client = await newClient(as)
    const quotation = await created(
      as.post('/quotations', { client: client._id, validTill: '2099-12-31', items: lines }),
    )
    await created(as.post(`/quotations/${quotation._id}/convert`), 201)
    const invoices = t.context.resources.salesInvoices.model
    const before = await invoices.countDocuments()
    const again = await as.post(`/quotations/${quotation._id}/convert`)
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({
      message: 'Cannot convert from state converted',
      details: [{ path: 'status', message: 'is converted' }],
    })
    expect(await invoices.countDocuments()).toBe(before)
    const changed = await as.patch(`/quotations/${quotation._id}`, { notes: 'late edit' })
    expect(changed.status).toBe(409)
    // The plain transition route does not convert: conversion creates the invoice.
    const plain = await as.post(`/quotations/${quotation._id}/transition`, { to: 'converted' })
    expect(plain.status).toBe(409)
  })

  it('when an estimate or a sales quotation is converted, it works the same way; a declined one is refused', async () => {
    const client = await newClient(as)
    const estimate = await created(as.post('/estimates', { client: client._id, validTill: '2099-12-31', items: lines }))
    const fromEstimate = await as.post(`/estimates/${estimate._id}/convert`)
    expect(fromEstimate.status).toBe(201)
    expect(fromEstimate.body.data.invoice).toMatchObject({ sourceResource: 'estimates', total: estimate.total })
    const salesQuotation = await created(
      as.post('/sales-quotations', { client: client._id, category: 'Web', items: lines }),
    )
    const fromSq = await as.post(`/sales-quotations/${salesQuotation._id}/convert`)
    expect(fromSq.status).toBe(201)
    expect(fromSq.body.data.invoice).toMatchObject({ category: 'Web', total: salesQuotation.total })
    const declined = await created(as.post('/estimates', { client: client._id, validTill: '2099-12-31', items: lines }))
    await created(as.post(`/estimates/${declined._id}/decline`), 200)
    const refused = await as.post(`/estimates/${declined._id}/convert`)
    expect(refused.status).toBe(409)
    expect(refused.body.details).toEqual([{ path: 'status', message: 'is declined' }])
  })
})
