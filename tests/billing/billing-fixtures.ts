import request from 'supertest'
import { expect } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// What the billing tests share: the app with a seller in Karnataka, clients in and out of that state, and the steps
// of the sales-to-cash chain through the API.

export type Doc = Record<string, unknown> & { _id: string }

export const SELLER_STATE = 'Karnataka'

export async function buildBillingApp(label: string): Promise<TestApp> {
  return buildTestApp(label, { env: { INVOICE_SELLER_STATE: SELLER_STATE, INVOICE_SELLER_GSTIN: '29ABCDE1234F1Z5' } })
}

export function api(t: TestApp, user: TestUser) {
  const as = (test: request.Test) => test.set('authorization', user.token)
  return {
    get: (path: string) => as(request(t.app).get(`/api/v1${path}`)),
    post: (path: string, body: Record<string, unknown> = {}) => as(request(t.app).post(`/api/v1${path}`)).send(body),
    patch: (path: string, body: Record<string, unknown>) => as(request(t.app).patch(`/api/v1${path}`)).send(body),
    delete: (path: string) => as(request(t.app).delete(`/api/v1${path}`)),
  }
}

export type Api = ReturnType<typeof api>

async function created(res: request.Response | Promise<request.Response>, status = 201): Promise<Doc> {
  const done = await res
  expect(done.status, JSON.stringify(done.body)).toBe(status)
  return (done.body as { data: Doc }).data
}

export function dataOf(res: request.Response): Doc {
  return (res.body as { data: Doc }).data
}

export async function newClient(as: Api, state = SELLER_STATE, ownerId?: string): Promise<Doc> {
  const name = `Client ${Math.random().toString(36).slice(2, 8)} Pvt Ltd`
  return created(as.post('/clients', { companyName: name, billingAddress: { state }, ...(ownerId ? { ownerId } : {}) }))
}

export const oneLine = [{ description: 'Retainer', quantity: 1, unitPrice: 100_000, taxRate: 18 }]

/** A draft invoice of ₹1,000 + 18% GST = 118,000 paise, unless lines are given. */
export async function draftInvoice(as: Api, client: Doc, extra: Record<string, unknown> = {}): Promise<Doc> {
  return created(as.post('/sales-invoices', { client: client._id, dueDate: '2099-12-31', items: oneLine, ...extra }))
}

export async function issuedInvoice(as: Api, client: Doc, extra: Record<string, unknown> = {}): Promise<Doc> {
  const draft = await draftInvoice(as, client, extra)
  return created(as.post(`/sales-invoices/${draft._id}/issue`), 200)
}

export async function receipt(as: Api, invoice: Doc, amount: number) {
  return as.post('/sales-revenue', { invoice: invoice._id, amount, account: 'HDFC current', method: 'upi' })
}

export { created, createUser }
