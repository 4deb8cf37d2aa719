import request from 'supertest'
import { expect } from 'vitest'
import type { CaseContext, CatalogueCase, Stored } from '../walk.js'

// The sales-to-cash documents (issue 16): products, offers, invoices, credit notes and receipts. Receipts and credit
// notes need an issued invoice, which the sample issues through its verb.

const unique = () => Math.random().toString(36).slice(2, 8)

const line = { description: 'Consulting day', quantity: 2, unitPrice: 50_000, taxRate: 18 }

async function client(ctx: CaseContext): Promise<Stored> {
  return ctx.create('clients', {
    companyName: `Billing ${unique()} Pvt Ltd`,
    billingAddress: { state: 'Karnataka' },
  })
}

async function issuedInvoice(ctx: CaseContext): Promise<Stored> {
  const owner = await client(ctx)
  const invoice = await ctx.create('sales-invoices', { client: owner._id, dueDate: '2099-01-31', items: [line] })
  const issued = await request(ctx.t.app)
    .post(`/api/v1/sales-invoices/${invoice._id}/issue`)
    .set({ Authorization: `Bearer ${ctx.admin.token}` })
    .send({})
  expect(issued.status, JSON.stringify(issued.body)).toBe(200)
  return (issued.body as { data: Stored }).data
}

export const cases: readonly CatalogueCase[] = [
  {
    resource: 'products',
    sample: () => ({
      name: `Audit pack ${unique()}`,
      price: 150_000,
      taxRate: 18,
      hsnSac: '998222',
      sku: `SKU-${unique()}`,
    }),
    update: { price: 175_000 },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'quotations',
    sample: async (ctx) => ({ client: (await client(ctx))._id, validTill: '2099-02-28', items: [line] }),
    update: { notes: 'Prices held for 30 days' },
    filter: (created) => ({ number: String(created.number) }),
  },
  {
    resource: 'proposals',
    sample: () => ({ title: `Website revamp ${unique()}`, validTill: '2099-02-28', items: [line] }),
    update: { description: 'Phase one only' },
    filter: (created) => ({ q: String(created.title) }),
  },
  {
    resource: 'estimates',
    sample: async (ctx) => ({
      client: (await client(ctx))._id,
      project: 'ERP rollout',
      validTill: '2099-02-28',
      items: [line],
    }),
    update: { project: 'ERP rollout, phase 2' },
    filter: (created) => ({ client: String(created.client) }),
  },
  {
    resource: 'sales-quotations',
    sample: async (ctx) => ({ client: (await client(ctx))._id, category: 'Services', items: [line] }),
    update: { category: 'Retainers' },
    filter: (created) => ({ status: 'draft', client: String(created.client) }),
  },
  {
    resource: 'sales-invoices',
    sample: async (ctx) => ({ client: (await client(ctx))._id, dueDate: '2099-01-31', items: [line] }),
    update: { category: 'Consulting' },
    filter: (created) => ({ client: String(created.client), status: 'draft' }),
  },
  {
    resource: 'sales-credit-notes',
    sample: async (ctx) => ({
      invoice: (await issuedInvoice(ctx))._id,
      reason: 'Half a day not delivered',
      items: [{ description: 'Half day credited', quantity: 1, unitPrice: 25_000, taxRate: 18 }],
    }),
    update: { notes: 'Agreed with the client on the phone' },
    filter: (created) => ({ invoice: String(created.invoice) }),
  },
  {
    resource: 'sales-revenue',
    sample: async (ctx) => ({
      invoice: (await issuedInvoice(ctx))._id,
      amount: 30_000,
      account: 'HDFC current account',
      method: 'bank_transfer',
      receipt: `UTR${unique()}`,
    }),
    update: { description: 'First instalment' },
    filter: (created) => ({ invoice: String(created.invoice) }),
  },
]
