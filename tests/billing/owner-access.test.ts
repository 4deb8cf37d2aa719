import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { api, buildBillingApp, createUser, issuedInvoice, newClient, receipt, type Doc } from './billing-fixtures.js'

// A bdm sees and works on their own clients' documents only: a document takes its client's owner (a receipt or
// credit note its invoice's). srdev creates the client for the bdm and the invoice under it.

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => {
    callback(null, Buffer.concat(chunks))
  })
}

describe('sales documents per owner', () => {
  let t: TestApp
  let mine: TestUser
  let theirs: TestUser
  let invoice: Doc
  beforeAll(async () => {
    t = await buildBillingApp('billing-owner')
    const srdev = api(t, await createUser(t, { role: 'srdev' }))
    mine = await createUser(t, { role: 'bdm' })
    theirs = await createUser(t, { role: 'bdm' })
    const client = await newClient(srdev, 'Karnataka', mine.id)
    invoice = await issuedInvoice(srdev, client)
    expect(invoice.ownerId).toBe(mine.id)
  })
  afterAll(() => t.close())

  it('when another bdm lists, gets, exports or prints the invoice, they see nothing of it', async () => {
    const as = api(t, theirs)
    const list = await as.get('/sales-invoices')
    expect(list.status).toBe(200)
    expect(list.body.data).toEqual([])
    expect((await as.get(`/sales-invoices/${invoice._id}`)).status).toBe(404)
    const csv = await as.get('/sales-invoices/export.csv')
    expect(csv.status).toBe(200)
    expect(csv.text).not.toContain(invoice._id)
    expect((await as.get(`/sales-invoices/${invoice._id}/pdf`)).status).toBe(404)
    expect((await as.patch(`/sales-invoices/${invoice._id}`, { notes: 'x' })).status).toBe(404)
    const paid = await receipt(as, invoice, 1_000)
    expect(paid.status).toBe(400)
    expect(paid.body.details).toEqual([{ path: 'invoice', message: 'must name an invoice you can see' }])
    expect(await t.context.resources.salesRevenue.model.countDocuments()).toBe(0)
    const quotation = await as.post('/quotations', {
      client: invoice.client,
      validTill: '2099-12-31',
      items: [{ description: 'Poaching', quantity: 1, unitPrice: 100, taxRate: 18 }],
    })
    expect(quotation.status).toBe(400)
    expect(quotation.body.details).toEqual([{ path: 'client', message: 'must name a client you can see' }])
  })

  it('when its bdm reads it, they get it in the list, the export and as a PDF', async () => {
    const as = api(t, mine)
    const list = await as.get('/sales-invoices')
    expect(list.body.data.map((row: Doc) => row._id)).toEqual([invoice._id])
    expect((await as.get(`/sales-invoices/${invoice._id}`)).status).toBe(200)
    const csv = await as.get('/sales-invoices/export.csv')
    expect(csv.text).toContain(String(invoice.number))
    const pdf = await request(t.app)
      .get(`/api/v1/sales-invoices/${invoice._id}/pdf`)
      .set('authorization', mine.token)
      .buffer(true)
      .parse(binary)
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('when its bdm records a receipt and a credit note, both are theirs and print', async () => {
    const as = api(t, mine)
    const paid = await receipt(as, invoice, 18_000)
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(paid.body.data.ownerId).toBe(mine.id)
    const note = await as.post('/sales-credit-notes', {
      invoice: invoice._id,
      reason: 'Late delivery',
      items: [{ description: 'Late delivery', quantity: 1, unitPrice: 10_000, taxRate: 18 }],
    })
    expect(note.status, JSON.stringify(note.body)).toBe(201)
    const pdf = await request(t.app)
      .get(`/api/v1/sales-creditnote/${String(note.body.data._id)}/pdf`)
      .set('authorization', mine.token)
      .buffer(true)
      .parse(binary)
    expect(pdf.status).toBe(200)
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
    expect((await api(t, theirs).get(`/sales-credit-notes/${String(note.body.data._id)}/pdf`)).status).toBe(404)
  })
})
