import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../../factories.js'
import type { TestApp } from '../../setup/app.js'
import { api, buildBillingApp, createUser, created, receipt, type Api, type Doc } from '../billing-fixtures.js'

// Enable after the sales (deals, pipelines, currencies), references (ownerFrom) and children (parents, activity)
// branches are merged: rename to .test.ts. The whole sales-to-cash chain as a bdm works it.

describe('lead to cash', () => {
  let t: TestApp
  let bdm: TestUser
  let admin: Api
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-chain')
    bdm = await createUser(t, { role: 'bdm' })
    admin = api(t, await createUser(t, { role: 'srdev' }))
    as = api(t, bdm)
  })
  afterAll(() => t.close())

  it('when a lead becomes a client and a deal, then a quotation, an invoice, a partial receipt and a credit note, all of it shows in the client activity', async () => {
    const lead = await created(
      admin.post('/leads', {
        name: 'Ravi Kumar',
        companyName: 'Kumar Textiles',
        email: 'ravi@kumar.example',
        state: 'Tamil Nadu',
        assignedTo: bdm.id,
      }),
    )
    const client = await created(
      admin.post('/clients', {
        companyName: 'Kumar Textiles Pvt Ltd',
        billingAddress: { state: 'Tamil Nadu' },
        ownerId: bdm.id,
      }),
    )
    const pipeline = await created(admin.post('/pipelines', { name: 'Direct' }))
    const stage = await created(admin.post('/stages', { name: 'Proposal', pipeline: pipeline._id, order: 1 }))
    const deal = await created(
      as.post('/deals', {
        title: 'Uniform order',
        client: client._id,
        lead: lead._id,
        pipeline: pipeline._id,
        stage: stage._id,
        value: 500_000,
      }),
    )
    expect(deal.ownerId).toBe(bdm.id)

    const quotation = await created(
      as.post('/quotations', {
        client: client._id,
        lead: lead._id,
        deal: deal._id,
        validTill: '2099-12-31',
        items: [{ description: 'Uniforms', quantity: 100, unitPrice: 5_000, taxRate: 12 }],
      }),
    )
    // 100 × 50.00 = 5,000.00; Tamil Nadu is not the seller's state: IGST 12% = 600.00.
    expect(quotation).toMatchObject({ ownerId: bdm.id, gstMode: 'inter', igst: 60_000, total: 560_000 })
    const converted = await as.post(`/quotations/${quotation._id}/convert`)
    expect(converted.status).toBe(201)
    const draft = (converted.body.data as { invoice: Doc }).invoice
    const invoice = await created(as.post(`/sales-invoices/${draft._id}/issue`), 200)
    const paid = await receipt(as, invoice, 200_000)
    expect(paid.status).toBe(201)
    // Under the invoice too (parents).
    const underInvoice = await as.get(`/sales-invoices/${invoice._id}/sales-revenue`)
    expect(underInvoice.body.data.map((row: Doc) => row._id)).toEqual([paid.body.data._id])
    const note = await created(
      as.post(`/sales-invoices/${invoice._id}/sales-credit-notes`, {
        reason: 'Ten uniforms short',
        items: [{ description: 'Uniforms short', quantity: 10, unitPrice: 5_000, taxRate: 12 }],
      }),
    )
    expect(note.total).toBe(56_000)
    const settled = await as.get(`/sales-invoices/${invoice._id}`)
    expect(settled.body.data).toMatchObject({
      status: 'partially_paid',
      paidAmount: 200_000,
      creditedAmount: 56_000,
      outstanding: 304_000,
    })

    const activity = await as.get(`/clients/${client._id}/activity`).query({ limit: 100 })
    expect(activity.status).toBe(200)
    const lines = activity.body.data as Array<{
      resource: string
      documentId: string
      action: string
      reason: string | null
    }>
    const of = (resource: string, id: string) =>
      lines.filter((line) => line.resource === resource && line.documentId === id)
    expect(of('quotations', quotation._id).map((line) => line.action)).toEqual(['transition', 'create'])
    const invoiceLines = of('sales-invoices', invoice._id)
    expect(invoiceLines.map((line) => line.action)).toEqual(['update', 'update', 'transition', 'create'])
    expect(invoiceLines[0]?.reason).toContain('sales-credit-notes')
    expect(invoiceLines[1]?.reason).toContain('sales-revenue')
  })

  it('when another bdm asks for the client activity or the invoices under the client, they get 404', async () => {
    const other = api(t, await createUser(t, { role: 'bdm' }))
    const client = await created(admin.post('/clients', { companyName: 'Private Ltd', ownerId: bdm.id }))
    await created(
      as.post('/sales-invoices', {
        client: client._id,
        dueDate: '2099-12-31',
        items: [{ description: 'x', quantity: 1, unitPrice: 100, taxRate: 0 }],
      }),
    )
    expect((await other.get(`/clients/${client._id}/activity`)).status).toBe(404)
    expect((await other.get(`/clients/${client._id}/sales-invoices`)).status).toBe(404)
  })
})
