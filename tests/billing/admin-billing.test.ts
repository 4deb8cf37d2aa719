import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminLogin } from '../admin/admin-session.js'
import type { TestApp } from '../setup/app.js'
import { api, buildBillingApp, createUser, issuedInvoice, newClient, receipt } from './billing-fixtures.js'

// The billing resources in the admin panel ("Billing"): listed and shown with their lines and totals.

describe('admin panel: billing', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildBillingApp('billing-admin')
  })
  afterAll(() => t.close())

  it('when a senior admin opens sales invoices and receipts in the panel, they list and show with their totals', async () => {
    const admin = await createUser(t, { role: 'senior admin' })
    const as = api(t, admin)
    const invoice = await issuedInvoice(as, await newClient(as))
    expect((await receipt(as, invoice, 18_000)).status).toBe(201)
    const agent = await adminLogin(t, admin)
    const list = await agent.get('/admin/api/resources/SalesInvoice/actions/list')
    expect(list.status).toBe(200)
    const records = (list.body as { records: Array<{ id: string; params: Record<string, unknown> }> }).records
    expect(records.map((record) => record.id)).toEqual([invoice._id])
    const shown = await agent.get(`/admin/api/resources/SalesInvoice/records/${invoice._id}/show`)
    expect(shown.status).toBe(200)
    const params = (shown.body as { record: { params: Record<string, unknown> } }).record.params
    expect(params).toMatchObject({
      number: invoice.number,
      total: 118_000,
      outstanding: 100_000,
      'items.0.unitPrice': 100_000,
    })
    const receipts = await agent.get('/admin/api/resources/SalesRevenue/actions/list')
    expect(receipts.status).toBe(200)
    const products = await agent.get('/admin/api/resources/Product/actions/list')
    expect(products.status).toBe(200)
  })
})
