import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { committedAudit } from '../setup/money-app.js'
import type { TestApp } from '../setup/app.js'
import { api, buildBillingApp, createUser, created, newClient, type Api } from './billing-fixtures.js'

// Totals and GST of the sales documents, computed on the server from the lines, tax rounded half up per line.

// Three lines, checked by hand (paise):
//   A: 2 × 1,250.50 = 2,501.00 less 100.00 discount -> taxable 2,401.00 at 18%
//      intra: 240100 × 9% = 21609 CGST + 21609 SGST; inter: 240100 × 18% = 43218 IGST
//   B: 3 × 333.33 = 999.99, no discount, at 12%
//      intra: 99999 × 6% = 5999.94 -> 6000 each; inter: 99999 × 12% = 11999.88 -> 12000
//   C: 1 × 0.50 at 18%
//      intra: 50 × 9% = 4.5 -> 5 each (half up); inter: 50 × 18% = 9
// subtotal 250100 + 99999 + 50 = 350149; discount 10000; taxable 340149
// intra: CGST = SGST = 21609 + 6000 + 5 = 27614; tax 55228; total 395377
// inter: IGST = 43218 + 12000 + 9 = 55227; total 395376 (per-line rounding: one paisa less than intra)
const lines = [
  { description: 'Audit days', quantity: 2, unitPrice: 125_050, taxRate: 18, discount: 10_000 },
  { description: 'Filings', quantity: 3, unitPrice: 33_333, taxRate: 12 },
  { description: 'Stamp', quantity: 1, unitPrice: 50, taxRate: 18 },
]

describe('sales document totals', () => {
  let t: TestApp
  let as: Api
  beforeAll(async () => {
    t = await buildBillingApp('billing-totals')
    as = api(t, await createUser(t, { role: 'srdev' }))
  })
  afterAll(() => t.close())

  it('when the client is billed in the seller state, a 3-line invoice with a discount carries CGST and SGST per line', async () => {
    const client = await newClient(as, 'karnataka')
    const invoice = await created(
      as.post('/sales-invoices', { client: client._id, dueDate: '2099-12-31', items: lines }),
    )
    const expected = {
      subtotal: 350_149,
      discount: 10_000,
      taxable: 340_149,
      gstMode: 'intra',
      cgst: 27_614,
      sgst: 27_614,
      igst: 0,
      taxTotal: 55_228,
      total: 395_377,
      outstanding: 395_377,
      sellerState: 'Karnataka',
      placeOfSupply: 'karnataka',
    }
    expect(invoice).toMatchObject(expected)
    const stored = await t.context.resources.salesInvoices.model.findById(invoice._id).lean()
    expect(stored).toMatchObject(expected)
    const audit = await committedAudit(t, 'sales-invoices', invoice._id)
    expect(audit.map((entry) => entry.action)).toEqual(['create'])
    expect(audit[0]?.changes).toEqual(expect.arrayContaining([{ path: 'total', after: 395_377 }]))
  })

  it('when the client is billed in another state, the same lines carry IGST', async () => {
    const client = await newClient(as, 'Maharashtra')
    const quotation = await created(
      as.post('/quotations', { client: client._id, validTill: '2099-12-31', items: lines }),
    )
    expect(quotation).toMatchObject({
      subtotal: 350_149,
      discount: 10_000,
      taxable: 340_149,
      gstMode: 'inter',
      cgst: 0,
      sgst: 0,
      igst: 55_227,
      taxTotal: 55_227,
      total: 395_376,
    })
  })

  it('when a client sends totals or a discount above its line, responds 400 naming the field and stores nothing', async () => {
    const client = await newClient(as)
    const model = t.context.resources.estimates.model
    const before = await model.countDocuments()
    const forged = await as.post('/estimates', { client: client._id, validTill: '2099-12-31', items: lines, total: 1 })
    expect(forged.status).toBe(400)
    const tooMuch = await as.post('/estimates', {
      client: client._id,
      validTill: '2099-12-31',
      items: [{ description: 'x', quantity: 1, unitPrice: 100, taxRate: 18, discount: 101 }],
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.details).toEqual([{ path: 'items.0.discount', message: 'must not exceed the line amount' }])
    const badRate = await as.post('/estimates', {
      client: client._id,
      validTill: '2099-12-31',
      items: [{ description: 'x', quantity: 1, unitPrice: 100, taxRate: 7 }],
    })
    expect(badRate.status).toBe(400)
    expect(badRate.body.details[0].path).toBe('items.0.taxRate')
    const noText = await as.post('/estimates', {
      client: client._id,
      validTill: '2099-12-31',
      items: [{ quantity: 1, unitPrice: 100, taxRate: 18 }],
    })
    expect(noText.body.details).toEqual([{ path: 'items.0.description', message: 'is required without a product' }])
    expect(await model.countDocuments()).toBe(before)
  })

  it('when a line names a product, the product must exist; a due date before the issue date is refused', async () => {
    const client = await newClient(as)
    const product = await created(
      as.post('/products', { name: 'Audit pack', price: 150_000, taxRate: 18, hsnSac: '998222' }),
    )
    const withProduct = await created(
      as.post('/sales-quotations', {
        client: client._id,
        items: [{ product: product._id, quantity: 1, unitPrice: 150_000, taxRate: 18 }],
      }),
    )
    expect(withProduct).toMatchObject({ total: 177_000 })
    const unknown = await as.post('/sales-quotations', {
      client: client._id,
      items: [{ product: '0123456789abcdef01234567', quantity: 1, unitPrice: 1, taxRate: 0 }],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.details).toEqual([{ path: 'items.0.product', message: 'must name an existing product' }])
    const early = await as.post('/sales-invoices', {
      client: client._id,
      issueDate: '2026-05-10',
      dueDate: '2026-05-09',
      items: lines,
    })
    expect(early.status).toBe(400)
    expect(early.body.details).toEqual([{ path: 'dueDate', message: 'must not be before issueDate' }])
  })

  it('when a product has a bad HSN/SAC code or a taken SKU, responds 4xx naming the field', async () => {
    const bad = await as.post('/products', { name: 'Thing', price: 100, taxRate: 5, hsnSac: '12AB' })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].path).toBe('hsnSac')
    await created(as.post('/products', { name: 'One', price: 100, taxRate: 5, sku: 'SKU-DUP' }))
    const twice = await as.post('/products', { name: 'Two', price: 100, taxRate: 5, sku: 'SKU-DUP' })
    expect(twice.status).toBe(409)
    expect(JSON.stringify(twice.body)).toContain('sku')
    // Products without an SKU do not collide.
    await created(as.post('/products', { name: 'Three', price: 100, taxRate: 5 }))
    await created(as.post('/products', { name: 'Four', price: 100, taxRate: 5 }))
  })
})
