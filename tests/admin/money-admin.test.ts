import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { adminLogin } from './admin-session.js'

// The money pieces of the panel: the invoice PDF download for a signed-in admin, and the webhook inbox resource.

describe('admin panel: invoices and the webhook inbox', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp('money-admin')
  })
  afterAll(async () => t.close())

  it('when a senior admin downloads an invoice PDF from the panel, it is a PDF, and the webhook inbox lists', async () => {
    const admin = await createUser(t, { role: 'senior admin' })
    const actor = { kind: 'job', name: 'test.seed' } as const
    const invoice = await t.context.resources.invoices.create(actor, {
      kind: 'proforma',
      user_id: admin.id,
      client_company_name: 'ACME',
      items: [{ description: 'Filing', quantity: 1, rate: 100000 }],
    })
    const agent = await adminLogin(t, admin)
    const res = await agent.get(`/admin/invoices/${String(invoice._id)}/pdf`).buffer(true)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(String(res.headers['content-disposition'])).toContain('PI-')

    const inbox = await agent.get('/admin/api/resources/WebhookInbox/actions/list')
    expect(inbox.status).toBe(200)
    expect(inbox.body).toMatchObject({ records: [] })
  })
})
