import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import { startRazorpayDouble, razorpayEnv, type RazorpayDouble } from '../setup/razorpay-double.js'
import { seedBooking } from '../setup/resource-app.js'

// Payment links through the real app, the embedded database and a loopback Razorpay that the SDK talks to.

describe('payment links', () => {
  let t: TestApp
  let double: RazorpayDouble
  let bdm: TestUser
  beforeAll(async () => {
    double = await startRazorpayDouble()
    t = await buildTestApp('payment-links', { env: razorpayEnv(double) })
    bdm = await createUser(t, { role: 'bdm', name: 'Ravi Kumar' })
  })
  afterAll(async () => {
    await t.close()
    await double.close()
  })

  const post = (body: Record<string, unknown>, key?: string) => {
    const req = request(t.app).post('/api/v1/payment-links').set('authorization', bdm.token)
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body)
  }
  const linkCalls = () => double.calls.filter((call) => call.path === '/v1/payment_links').length

  it('when a bdm creates a link for their booking, it is stored created with the provider id, audited twice', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await post({ amount: 250000, customer_name: 'Meera', customer_contact: '9876543210', booking_id: booking._id })
    expect(res.status).toBe(201)
    const data = res.body.data as Record<string, unknown>
    expect(data).toMatchObject({ status: 'created', amount: 250000, user_id: bdm.id, booking_id: booking._id })
    const sent = double.links.get(String(data.provider_id))
    expect(sent).toMatchObject({ amount: 250000, reference_id: data._id, callback_url: 'http://crm.test/payment-status' })
    expect(sent?.customer).toEqual({ name: 'Meera', contact: '9876543210' })
    expect(data.provider_url).toBe(sent?.short_url)
    const audit = await committedAudit(t, 'payment-links', String(data._id))
    expect(audit.map((entry) => [entry.action, entry.actor.kind])).toEqual([
      ['create', 'user'],
      ['transition', 'user'],
    ])
  })

  it.each([
    [{ amount: -5, customer_contact: '9876543210' }, 'amount'],
    [{ amount: 'lots', customer_contact: '9876543210' }, 'amount'],
    [{ amount: 10000 }, 'customer_contact'],
    [{ amount: 10000, customer_contact: '9876543210', booking_id: '0123456789abcdef01234567' }, 'booking_id'],
  ])('when the input is bad (%j), responds 400 naming %s and nothing reaches the provider', async (body, field) => {
    const before = linkCalls()
    const count = await t.context.resources.paymentLinks.model.countDocuments()
    const res = await post(body)
    expect(res.status).toBe(400)
    expect((res.body.details as Array<{ path: string }>).map((d) => d.path)).toContain(field)
    expect(linkCalls()).toBe(before)
    expect(await t.context.resources.paymentLinks.model.countDocuments()).toBe(count)
  })

  it('when Razorpay answers 500, the caller gets 502, the record is failed, and a retry with the key makes one link', async () => {
    const body = { amount: 99900, customer_contact: '9876543211' }
    double.failWith = 500
    const failed = await post(body, 'retry-key-1')
    double.failWith = undefined
    expect(failed.status).toBe(502)
    expect(failed.body).toMatchObject({ success: false, code: 'UPSTREAM_FAILED' })
    const stored = await t.context.resources.paymentLinks.model
      .find({ customer_contact: '9876543211' })
      .lean<Array<Record<string, unknown>>>()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ status: 'failed', provider_id: null })
    expect(String(stored[0]?.failure_reason)).toContain('failing on purpose')

    const before = double.links.size
    const retried = await post(body, 'retry-key-1')
    expect(retried.status).toBe(201)
    const again = await post(body, 'retry-key-1')
    expect(again.status).toBe(201)
    expect(again.body.data._id).toBe(retried.body.data._id)
    expect(double.links.size).toBe(before + 1)
  })

  it('when Razorpay cannot be reached at all, the record is failed with the reason and the caller gets 502', async () => {
    const down = await buildTestApp('payment-links-down', {
      env: { ...razorpayEnv(double), RAZORPAY_API_URL: 'http://127.0.0.1:9' },
      dbUri: t.dbUri,
    })
    const res = await request(down.app)
      .post('/api/v1/payment-links')
      .set('authorization', bdm.token)
      .send({ amount: 10000, customer_contact: '9876543219' })
    await down.close()
    expect(res.status).toBe(502)
    const stored = await t.context.resources.paymentLinks.model.findOne({ customer_contact: '9876543219' }).lean()
    expect(stored).toMatchObject({ status: 'failed', failure_reason: 'Razorpay could not be reached' })
  })

  it('when a bdm lists links, only their own show; a manual change needs a privileged role and a reason', async () => {
    const other = await createUser(t, { role: 'bdm' })
    const mine = await post({ amount: 10000, customer_contact: '9876543212' })
    const list = await request(t.app).get('/api/v1/payment-links').set('authorization', other.token)
    expect(list.status).toBe(200)
    expect(list.body.data).toEqual([])
    const id = String(mine.body.data._id)
    const byBdm = await request(t.app).post(`/api/v1/payment-links/${id}/pay`).set('authorization', bdm.token).send({ reason: 'cash' })
    expect(byBdm.status).toBe(403)
    const admin = await createUser(t, { role: 'senior admin' })
    const noReason = await request(t.app).post(`/api/v1/payment-links/${id}/pay`).set('authorization', admin.token).send({})
    expect(noReason.status).toBe(400)
    const paid = await request(t.app)
      .post(`/api/v1/payment-links/${id}/pay`)
      .set('authorization', admin.token)
      .send({ reason: 'paid by bank transfer', amount_paid: 10000 })
    expect(paid.status).toBe(200)
    expect(paid.body.data).toMatchObject({ status: 'paid', amount_paid: 10000 })
    const back = await request(t.app)
      .post(`/api/v1/payment-links/${id}/cancel`)
      .set('authorization', admin.token)
      .send({ reason: 'oops' })
    expect(back.status).toBe(409)
    const amountChange = await request(t.app).patch(`/api/v1/payment-links/${id}`).set('authorization', admin.token).send({ amount: 5 })
    expect(amountChange.status).toBe(400)
    const audit = await committedAudit(t, 'payment-links', id)
    expect(audit.at(-1)).toMatchObject({ action: 'transition', reason: 'pay: paid by bank transfer', actor: { kind: 'user', role: 'senior admin' } })
  })
})
