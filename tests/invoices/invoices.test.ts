import request from 'supertest'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { financialYear } from '../../src/invoices/gst.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'

// Proforma and tax invoices, credit notes: server-side totals and GST, gap-free numbers, a PDF that opens.

const client = {
  client_company_name: 'ACME Exports Pvt Ltd',
  client_name: 'Meera Shah',
  client_email: 'meera@example.com',
  items: [
    { description: 'MSME Registration', quantity: 1, rate: 1000000 },
    { description: 'GST filing (per month)', quantity: 3, rate: 150050 },
  ],
}

function binaryParser(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => {
    callback(null, Buffer.concat(chunks))
  })
}

describe('invoices', () => {
  let t: TestApp
  let admin: TestUser
  let bdm: TestUser
  beforeAll(async () => {
    t = await buildTestApp('invoices', { env: { INVOICE_SELLER_STATE: 'Uttar Pradesh', INVOICE_SELLER_GSTIN: '09ABCDE1234F1Z5' } })
    admin = await createUser(t, { role: 'senior admin' })
    bdm = await createUser(t, { role: 'bdm' })
  })
  afterAll(async () => t.close())

  const create = (user: TestUser, body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/invoices').set('authorization', user.token).send(body)

  it('when two invoices are created in parallel, they get consecutive numbers of their series and year', async () => {
    const year = financialYear(new Date())
    const [a, b] = await Promise.all([create(admin, { kind: 'tax', ...client }), create(admin, { kind: 'tax', ...client })])
    expect([a.status, b.status]).toEqual([201, 201])
    const numbers = [a.body.data.number, b.body.data.number].sort()
    expect(numbers).toEqual([`INV/${year}/0001`, `INV/${year}/0002`])
    const proforma = await create(admin, { kind: 'proforma', ...client, number: 'HACKED-1' })
    expect(proforma.body.data.number).toBe(`PI/${year}/0001`)
  })

  it('when the client is in the seller state, GST splits into CGST and SGST; elsewhere it is IGST; totals sent by a client are refused', async () => {
    const forged = await create(bdm, { kind: 'proforma', ...client, total: 1 })
    expect(forged.status).toBe(400)
    const intra = await create(bdm, { kind: 'proforma', ...client, client_state: 'uttar pradesh' })
    expect(intra.status).toBe(201)
    // 10,000.00 + 3 × 1,500.50 = 14,501.50 rupees; 18% = 2,610.27 (1,305.135 each half, rounded to the paisa).
    expect(intra.body.data).toMatchObject({ subtotal: 1450150, gst_mode: 'intra', cgst: 130514, sgst: 130514, igst: 0, gst_total: 261028, total: 1711178, user_id: bdm.id })
    const inter = await create(bdm, { kind: 'proforma', ...client, client_state: 'Maharashtra' })
    expect(inter.body.data).toMatchObject({ subtotal: 1450150, gst_mode: 'inter', cgst: 0, sgst: 0, igst: 261027, total: 1711177 })
    const none = await create(bdm, { kind: 'proforma', ...client, include_gst: false })
    expect(none.body.data).toMatchObject({ gst_mode: 'none', gst_total: 0, total: 1450150 })
    const audit = await committedAudit(t, 'invoices', String(intra.body.data._id))
    expect(audit).toMatchObject([{ action: 'create', actor: { kind: 'user', id: bdm.id } }])
  })

  it('when the input is bad, responds 400 naming the field and takes no number', async () => {
    const before = await t.context.resources.invoices.model.countDocuments()
    const res = await create(admin, { kind: 'tax', ...client, items: [{ description: 'x', quantity: -1, rate: 100 }] })
    expect(res.status).toBe(400)
    expect(res.body.details[0].path).toContain('items')
    const next = await create(admin, { kind: 'credit_note', ...client })
    expect(next.status).toBe(400)
    expect(next.body.details[0].path).toBe('credit_for')
    expect(await t.context.resources.invoices.model.countDocuments()).toBe(before)
  })

  it('when a tax invoice is issued it cannot change; a credit note corrects it; a proforma may change', async () => {
    const tax = await create(admin, { kind: 'tax', ...client, client_state: 'Delhi' })
    const id = String(tax.body.data._id)
    const edit = await request(t.app).patch(`/api/v1/invoices/${id}`).set('authorization', admin.token).send({ client_name: 'Someone else' })
    expect(edit.status).toBe(409)
    const trashed = await request(t.app).delete(`/api/v1/invoices/${id}`).set('authorization', admin.token)
    expect(trashed.status).toBe(409)
    const credit = await create(admin, { kind: 'credit_note', ...client, client_state: 'Delhi', credit_for: id, items: [{ description: 'Refund of one month', quantity: 1, rate: 150050 }] })
    expect(credit.status).toBe(201)
    expect(credit.body.data).toMatchObject({ credit_for: id, igst: 27009, total: 177059 })
    expect(String(credit.body.data.number)).toMatch(/^CN\//)
    const proforma = await create(admin, { kind: 'proforma', ...client })
    const changed = await request(t.app)
      .patch(`/api/v1/invoices/${String(proforma.body.data._id)}`)
      .set('authorization', admin.token)
      .send({ items: [{ description: 'Only one', quantity: 2, rate: 10000 }] })
    expect(changed.status).toBe(200)
    expect(changed.body.data).toMatchObject({ subtotal: 20000, cgst: 1800, total: 23600 })
  })

  it('when the PDF is downloaded, it opens and shows the number, the client, the GST split and the total', async () => {
    const invoice = await create(admin, { kind: 'tax', ...client, client_state: 'Uttar Pradesh' })
    const res = await request(t.app)
      .get(`/api/v1/invoices/${String(invoice.body.data._id)}/pdf`)
      .set('authorization', admin.token)
      .buffer(true)
      .parse(binaryParser)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const pdf = await getDocumentProxy(new Uint8Array(res.body as Buffer))
    const { text } = await extractText(pdf, { mergePages: true })
    expect(text).toContain('TAX INVOICE')
    expect(text).toContain(String(invoice.body.data.number))
    expect(text).toContain('ACME Exports Pvt Ltd')
    expect(text).toContain('CGST @ 9%')
    expect(text).toContain('Rs. 17,111.78')
    const other = await createUser(t, { role: 'bdm' })
    const forbidden = await request(t.app).get(`/api/v1/invoices/${String(invoice.body.data._id)}/pdf`).set('authorization', other.token)
    expect(forbidden.status).toBe(404)
  })
})
