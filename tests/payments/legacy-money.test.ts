import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import { PNG_BYTES, razorpayEnv, startRazorpayDouble, type RazorpayDouble } from '../setup/razorpay-double.js'

// Seed 1's /payments and /invoice routes, as its frontends call them: rupees and its keys at the edge.

describe('legacy payment and invoice routes', () => {
  let t: TestApp
  let double: RazorpayDouble
  let bdm: TestUser
  let admin: TestUser
  beforeAll(async () => {
    double = await startRazorpayDouble()
    t = await buildTestApp('legacy-money', { env: razorpayEnv(double) })
    bdm = await createUser(t, { role: 'bdm' })
    admin = await createUser(t, { role: 'senior admin' })
  })
  afterAll(async () => {
    await t.close()
    await double.close()
  })

  it('when the frontend creates a UPI link in rupees, Razorpay gets paise and the answer has seed 1 keys', async () => {
    const res = await request(t.app).post('/payments/create-upi-link').set('authorization', bdm.token).send({
      amount: '1250.75', name: 'Meera', email: 'meera@example.com', phone: 9876543210, description: 'Advance', notifySms: false, bdm: 'Ravi',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ success: true, message: 'Payment link created' })
    const sent = double.links.get(String(res.body.payment_link_id))
    expect(sent).toMatchObject({ amount: 125075, notify: { sms: false, email: true }, description: 'Advance' })
    expect(res.body.short_url).toBe(sent?.short_url)

    const list = await request(t.app).get('/payments/api/payment-links').set('authorization', bdm.token)
    expect(list.body).toMatchObject({ success: true, count: 1 })
    expect(list.body.data[0]).toMatchObject({ customer: 'Meera', contact: '9876543210', amount: 1250.75, bdm: 'Ravi', link: sent?.short_url, status: 'PENDING' })
    const id = String(list.body.data[0]._id)
    const one = await request(t.app).get(`/payments/api/payment-links/${id}`).set('authorization', bdm.token)
    expect(one.body).toMatchObject({ success: true, data: { _id: id, status: 'PENDING' } })

    const byBdm = await request(t.app).patch(`/payments/api/payment-links/${id}/status`).set('authorization', bdm.token).send({ status: 'PAID' })
    expect(byBdm.status).toBe(403)
    const paid = await request(t.app).patch(`/payments/api/payment-links/${id}/status`).set('authorization', admin.token).send({ status: 'PAID' })
    expect(paid.body).toMatchObject({ success: true, data: { status: 'PAID' } })
    const back = await request(t.app).patch(`/payments/api/payment-links/${id}/status`).set('authorization', admin.token).send({ status: 'EXPIRED' })
    expect(back.status).toBe(409)
    const audit = await committedAudit(t, 'payment-links', id)
    expect(audit.at(-1)).toMatchObject({ reason: 'pay: set to PAID on the legacy payments page', actor: { kind: 'user', id: admin.id } })
  })

  it('when required keys are missing, answers 400 with seed 1 message and calls nobody', async () => {
    const calls = double.calls.length
    const link = await request(t.app).post('/payments/create-upi-link').set('authorization', bdm.token).send({ amount: 10 })
    expect(link.status).toBe(400)
    expect(link.body.message).toBe('Amount, email & phone are required.')
    const qr = await request(t.app).post('/payments/create-qr').set('authorization', bdm.token).send({ amount: -1, name: 'x' })
    expect(qr.status).toBe(400)
    expect(qr.body.message).toContain('amount')
    expect(double.calls.length).toBe(calls)
    const anonymous = await request(t.app).get('/payments/api/payment-links')
    expect(anonymous.status).toBe(401)
  })

  it('when the frontend creates a QR code, it gets 201 with qr_id, the image as base64 and the saved record', async () => {
    const res = await request(t.app).post('/payments/create-qr').set('authorization', bdm.token).send({ amount: 499, name: 'Walk-in', close_by_hours: 2 })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ success: true, message: 'QR Code created', savedRecord: { name: 'Walk-in', amount: 499, status: 'Pending', usage: 'single_use' } })
    const qr = double.qrs.get(String(res.body.qr_id))
    expect(qr).toMatchObject({ payment_amount: 49900, type: 'upi_qr', fixed_amount: true })
    expect(res.body.qr_base64).toBe(`data:image/png;base64,${PNG_BYTES.toString('base64')}`)
  })

  it('when the frontend uses /invoice, totals come from the server and the keys are seed 1 keys', async () => {
    const created = await request(t.app).post('/invoice').set('authorization', admin.token).send({
      invoiceNumber: 'CLIENT-1', date: '2025-11-01', clientCompanyName: 'ACME', clientName: 'Meera', clientEmail: 'meera@example.com',
      items: [{ description: 'Filing', quantity: 2, rate: 1000 }], subtotal: 1, gstRate: 18, gstAmount: 1, total: 1, includeGst: true,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ invoiceNumber: 'PI/2025-26/0001', subtotal: 2000, gstAmount: 360, total: 2360, date: '2025-11-01' })
    const id = String(created.body._id)
    const list = await request(t.app).get('/invoice').set('authorization', admin.token)
    expect(list.body).toEqual([expect.objectContaining({ _id: id })])
    const put = await request(t.app).put(`/invoice/${id}`).set('authorization', admin.token).send({ items: [{ description: 'Filing', quantity: 1, rate: 500 }] })
    expect(put.body).toMatchObject({ subtotal: 500, total: 590 })
    const deleted = await request(t.app).delete(`/invoice/${id}`).set('authorization', admin.token)
    expect(deleted.body, JSON.stringify(deleted.body)).toEqual({ message: 'Invoice deleted' })
    const gone = await request(t.app).get(`/invoice/${id}`).set('authorization', admin.token)
    expect(gone.status).toBe(404)
    const anonymous = await request(t.app).get('/invoice')
    expect(anonymous.status).toBe(401)
  })
})
