import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { financialYear } from '../../src/invoices/gst.js'
import { CREDIT_LEDGER_FIELD } from '../../src/invoices/credit-ledger.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// Credit notes against seed 1's invoices (the `invoices` resource behind /invoice and /api/v1/invoices): all the notes
// against one tax invoice, earlier and concurrent ones included, never credit more than its total. The note books its
// total on the invoice (one atomic conditional update) before it is stored or numbered; a refused note stores nothing
// and takes no number. Races are real HTTP requests; assertions are about the final state, never timing.

const ROUNDS = 4
const year = financialYear(new Date())
/** ₹1,000 without GST: a total of 100,000 paise. */
const thousand = { client_company_name: 'ACME Exports Pvt Ltd', include_gst: false }
const lines = (rate: number) => [{ description: 'Refund', quantity: 1, rate }]

describe('credit notes against a tax invoice', () => {
  let t: TestApp
  let admin: TestUser
  beforeAll(async () => {
    t = await buildTestApp('invoice-credit-notes', { env: { INVOICE_SELLER_STATE: 'Uttar Pradesh' } })
    admin = await createUser(t, { role: 'senior admin' })
  })
  afterAll(async () => t.close())

  const post = (body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/invoices').set('authorization', admin.token).send(body)
  const taxInvoice = async (): Promise<string> => {
    const res = await post({ kind: 'tax', ...thousand, items: lines(100_000) })
    expect(res.status).toBe(201)
    return res.body.data._id as string
  }
  const credit = (invoice: string, rate: number) =>
    post({ kind: 'credit_note', ...thousand, credit_for: invoice, items: lines(rate) })
  const notesOf = (invoice: string) =>
    t.context.resources.invoices.model.find({ kind: 'credit_note', credit_for: invoice }).lean()
  const cnSequence = async () =>
    (
      await t.context.db.connection
        .collection<{ _id: string; seq: number }>('counters')
        .findOne({ _id: `invoice:CN:${year}` })
    )?.seq ?? 0
  const createEntries = () => t.context.resources.audit.countDocuments({ resource: 'invoices', action: 'create' })

  it('when a credit note would take the credited total past the invoice total, responds 409 naming credit_for and stores nothing', async () => {
    const invoice = await taxInvoice()
    expect((await credit(invoice, 60_000)).status).toBe(201)
    const [sequence, entries] = [await cnSequence(), await createEntries()]
    const refused = await credit(invoice, 60_000)
    expect(refused.status).toBe(409)
    expect(refused.body.details).toEqual([
      { path: 'credit_for', message: "credits 60000 paise; 40000 paise of the invoice's 100000 are left to credit" },
    ])
    expect(await notesOf(invoice)).toHaveLength(1)
    expect(await cnSequence()).toBe(sequence)
    expect(await createEntries()).toBe(entries)
    // What is left can still be credited, to the paisa; then nothing more.
    expect((await credit(invoice, 40_000)).status).toBe(201)
    expect((await credit(invoice, 1)).status).toBe(409)
    expect((await notesOf(invoice)).map((note) => note.total).sort()).toEqual([40_000, 60_000])
  })

  it('when two credit notes race for what is left, exactly one is stored, the other is 409, and one number is taken', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const invoice = await taxInvoice()
      const [sequence, entries] = [await cnSequence(), await createEntries()]
      const responses = await Promise.all([credit(invoice, 60_000), credit(invoice, 60_000)])
      expect(responses.map((res) => res.status).sort(), JSON.stringify(responses.map((res) => res.body))).toEqual([
        201, 409,
      ])
      expect(responses.find((res) => res.status === 409)?.body.details[0].path).toBe('credit_for')
      expect(await notesOf(invoice)).toHaveLength(1)
      expect(await cnSequence()).toBe(sequence + 1)
      expect(await createEntries()).toBe(entries + 1)
    }
  })

  it('when seed 1 posts to /invoice with credit-note keys, it gets a proforma: the legacy door cannot credit', async () => {
    const invoice = await taxInvoice()
    expect((await credit(invoice, 100_000)).status).toBe(201)
    const legacy = await request(t.app)
      .post('/invoice')
      .set('authorization', admin.token)
      .send({
        clientCompanyName: 'ACME',
        clientName: 'Meera',
        kind: 'credit_note',
        credit_for: invoice,
        items: [{ description: 'x', quantity: 1, rate: 10 }],
      })
    expect(legacy.status).toBe(201)
    expect(legacy.body).toMatchObject({ kind: 'proforma', invoiceNumber: expect.stringMatching(/^PI\//) })
    expect(await notesOf(invoice)).toHaveLength(1)
    // Seed 1's list shows the tax invoice and its credit note, in its keys, without the ledger.
    const list = await request(t.app).get('/invoice').set('authorization', admin.token)
    expect(list.status).toBe(200)
    const shown = (list.body as Array<{ _id: string; kind: string; total: number }>).filter(
      (row) => row._id === invoice || (row.kind === 'credit_note' && row.total === 1000),
    )
    expect(shown.map((row) => row.kind).sort()).toEqual(['credit_note', 'tax'])
    for (const url of [`/invoice/${invoice}`, `/api/v1/invoices/${invoice}`, '/api/v1/invoices/export.csv']) {
      const res = await request(t.app).get(url).set('authorization', admin.token)
      expect(res.status).toBe(200)
      expect(res.text).not.toContain(CREDIT_LEDGER_FIELD)
    }
    const audit = await t.context.resources.audit.find({ documentId: new Types.ObjectId(invoice) }).lean()
    expect(JSON.stringify(audit)).not.toContain(CREDIT_LEDGER_FIELD)
  })

  it('when an invoice was credited before it had a ledger, its stored notes count', async () => {
    const invoice = await taxInvoice()
    expect((await credit(invoice, 70_000)).status).toBe(201)
    const _id = new Types.ObjectId(invoice)
    // As a database from before the ledger holds it.
    await t.context.resources.invoices.model.collection.updateOne({ _id }, { $unset: { [CREDIT_LEDGER_FIELD]: '' } })
    const refused = await credit(invoice, 40_000)
    expect(refused.status).toBe(409)
    expect(refused.body.details[0].message).toContain('30000 paise')
    expect((await credit(invoice, 30_000)).status).toBe(201)
  })

  it('when a ledger entry was left by a note that never got stored, it refuses too much until it is stale, then is dropped', async () => {
    const invoice = await taxInvoice()
    const _id = new Types.ObjectId(invoice)
    const collection = t.context.resources.invoices.model.collection
    const dead = { key: new Types.ObjectId().toHexString(), amount: 100_000 }
    await collection.updateOne({ _id }, { $set: { [CREDIT_LEDGER_FIELD]: [{ ...dead, at: new Date() }] } })
    expect((await credit(invoice, 10_000)).status).toBe(409)
    const staleAt = new Date(Date.now() - 11 * 60_000)
    await collection.updateOne({ _id }, { $set: { [CREDIT_LEDGER_FIELD]: [{ ...dead, at: staleAt }] } })
    expect((await credit(invoice, 10_000)).status).toBe(201)
    const ledger = (await collection.findOne({ _id }))?.[CREDIT_LEDGER_FIELD] as Array<{ key: string }>
    expect(ledger.map((entry) => entry.key)).not.toContain(dead.key)
    expect(ledger).toHaveLength(1)
  })
})
