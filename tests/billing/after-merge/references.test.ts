import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../../setup/app.js'
import {
  api,
  buildBillingApp,
  createUser,
  created,
  issuedInvoice,
  newClient,
  receipt,
  type Api,
} from '../billing-fixtures.js'

// Enable after the references branch (expand=, destroy refusal, ownerFrom) is merged: rename to .test.ts.

describe('billing references after the merge', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-references')
    as = api(t, await createUser(t, { role: 'srdev' }))
  })
  afterAll(() => t.close())

  it('when an invoice is read with expand=client, the client comes with it', async () => {
    const client = await newClient(as)
    const invoice = await issuedInvoice(as, client)
    const read = await as.get(`/sales-invoices/${invoice._id}`).query({ expand: 'client' })
    expect(read.status).toBe(200)
    expect(JSON.stringify(read.body)).toContain(String(client.companyName))
  })

  it('when a client with invoices is destroyed, responds 409 naming sales-invoices; an invoice with receipts likewise', async () => {
    const client = await newClient(as)
    const invoice = await issuedInvoice(as, client)
    await created(receipt(as, invoice, 1_000))
    expect((await as.delete(`/clients/${client._id}`)).status).toBe(200)
    const refused = await as.delete(`/clients/${client._id}/permanent`)
    expect(refused.status).toBe(409)
    expect(JSON.stringify(refused.body)).toContain('sales-invoices')
  })

  it('when a bdm owns the client, every document under it and every receipt of its invoices is theirs', async () => {
    const bdm = await createUser(t, { role: 'bdm' })
    const client = await newClient(as, 'Karnataka', bdm.id)
    const invoice = await issuedInvoice(as, client)
    expect(invoice.ownerId).toBe(bdm.id)
    const paid = await created(receipt(as, invoice, 1_000))
    expect(paid.ownerId).toBe(bdm.id)
    const mine = await api(t, bdm).get('/sales-revenue')
    expect(mine.body.data.map((row: { _id: string }) => row._id)).toEqual([paid._id])
  })
})
