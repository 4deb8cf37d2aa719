import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../../factories.js'
import type { TestApp } from '../../setup/app.js'
import { api, buildBillingApp, createUser, created, issuedInvoice, newClient, receipt } from '../billing-fixtures.js'

// Enable after the wire branch (PUT full update, `message`, `id`) is merged AND `replace` is wrapped in
// src/billing/document-service.ts like `update` (settle the invoice, check line products): rename to .test.ts.

describe('billing and the full update', () => {
  let t: TestApp
  let admin: TestUser
  beforeAll(async () => {
    t = await buildBillingApp('billing-put')
    admin = await createUser(t, { role: 'srdev' })
  })
  afterAll(() => t.close())

  it('when a receipt is replaced with PUT, the invoice is settled again; above the outstanding is 409 naming amount', async () => {
    const as = api(t, admin)
    const invoice = await issuedInvoice(as, await newClient(as))
    const paid = await created(receipt(as, invoice, 18_000))
    const body = { invoice: invoice._id, amount: 50_000, account: 'HDFC current', method: 'upi' }
    const put = await request(t.app)
      .put(`/api/v1/sales-revenue/${paid._id}`)
      .set('authorization', admin.token)
      .send(body)
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body.data.id).toBe(paid._id)
    const stored = await t.context.resources.salesInvoices.model.findById(invoice._id).lean()
    expect(stored).toMatchObject({ paidAmount: 50_000, outstanding: 68_000, status: 'partially_paid' })
    const over = await request(t.app)
      .put(`/api/v1/sales-revenue/${paid._id}`)
      .set('authorization', admin.token)
      .send({ ...body, amount: 118_001 })
    expect(over.status).toBe(409)
    expect(over.body.details[0].path).toBe('amount')
  })
})
