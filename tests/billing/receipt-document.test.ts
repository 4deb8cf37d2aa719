import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import {
  api,
  buildBillingApp,
  createUser,
  created,
  issuedInvoice,
  newClient,
  receipt,
  type Doc,
} from './billing-fixtures.js'

// A receipt's document: uploaded behind the storage interface, served only to whoever may read the receipt.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => {
    callback(null, Buffer.concat(chunks))
  })
}

describe('receipt documents', () => {
  let t: TestApp
  let bdm: TestUser
  let paid: Doc
  beforeAll(async () => {
    t = await buildBillingApp('billing-receipt-doc')
    const srdev = api(t, await createUser(t, { role: 'srdev' }))
    bdm = await createUser(t, { role: 'bdm' })
    const invoice = await issuedInvoice(srdev, await newClient(srdev, 'Karnataka', bdm.id))
    paid = await created(receipt(api(t, bdm), invoice, 10_000))
  })
  afterAll(() => t.close())

  const upload = (user: TestUser, bytes: Buffer, name: string) =>
    request(t.app)
      .put(`/api/v1/sales-revenue/${paid._id}/document`)
      .set('authorization', user.token)
      .attach('file', bytes, name)

  it('when its bdm uploads a PDF, it is stored, audited and downloadable by them only', async () => {
    const res = await upload(bdm, PDF, 'bank advice.pdf')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.data.receiptDocument).toMatchObject({ contentType: 'application/pdf', size: PDF.length })
    const audit = await committedAudit(t, 'sales-revenue', paid._id)
    expect(audit.at(-1)).toMatchObject({ action: 'update', reason: 'receipt document uploaded' })
    const got = await request(t.app)
      .get(`/api/v1/sales-revenue/${paid._id}/document`)
      .set('authorization', bdm.token)
      .buffer(true)
      .parse(binary)
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('application/pdf')
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0)
    const other = await createUser(t, { role: 'bdm' })
    expect(
      (await request(t.app).get(`/api/v1/sales-revenue/${paid._id}/document`).set('authorization', other.token)).status,
    ).toBe(404)
    expect((await upload(other, PDF, 'x.pdf')).status).toBe(404)
  })

  it('when the file is not a JPEG, PNG or PDF, responds 415 naming it and keeps the stored document', async () => {
    const res = await upload(bdm, Buffer.from('plain text, not a receipt'), 'note.txt')
    expect(res.status).toBe(415)
    const stored = await t.context.resources.salesRevenue.model.findById(paid._id).lean()
    expect(stored?.receiptDocument).toMatchObject({ contentType: 'application/pdf' })
  })
})
