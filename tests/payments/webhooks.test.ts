import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDashboard } from '../../src/admin/dashboard/index.js'
import { paymentsReconcile } from '../../src/jobs/payments.reconcile.js'
import { runJob } from '../../src/jobs/run-job.js'
import { webhooksRetry } from '../../src/jobs/webhooks.retry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit, inboxEntries, listen, type Listening } from '../setup/money-app.js'
import { razorpayEnv, startRazorpayDouble, type RazorpayDouble } from '../setup/razorpay-double.js'
import { actorOf, seedBooking, storedBooking } from '../setup/resource-app.js'

// Razorpay's signed webhooks into the inbox, and the reconcile job for what webhooks missed.

describe('razorpay webhooks and reconciliation', () => {
  let t: TestApp
  let double: RazorpayDouble
  let server: Listening
  let bdm: TestUser
  let hook: string
  beforeAll(async () => {
    double = await startRazorpayDouble()
    t = await buildTestApp('payment-webhooks', { env: razorpayEnv(double) })
    server = await listen(t)
    hook = `${server.url}/api/v1/webhooks/razorpay`
    bdm = await createUser(t, { role: 'bdm' })
  })
  afterAll(async () => {
    await server.close()
    await t.close()
    await double.close()
  })

  async function newLink(bookingId: string, amount = 400000): Promise<{ id: string; providerId: string }> {
    const res = await request(t.app)
      .post('/api/v1/payment-links')
      .set('authorization', bdm.token)
      .send({ amount, customer_contact: '9876543210', booking_id: bookingId })
    expect(res.status).toBe(201)
    return { id: String(res.body.data._id), providerId: String(res.body.data.provider_id) }
  }

  function paidEvent(providerId: string, payment: Record<string, unknown>) {
    return { payment_link: { entity: double.links.get(providerId) }, payment: { entity: payment } }
  }

  const stored = (id: string) => t.context.resources.paymentLinks.model.findById(id).lean<Record<string, unknown>>()

  it('when payment_link.paid arrives, the payment is paid and the booking receives it, both audited as the webhook', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000, bank: '' })
    const link = await newLink(booking._id)
    const payment = double.payLink(link.providerId)
    const delivery = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment))
    expect(delivery.status).toBe(200)
    expect(await stored(link.id)).toMatchObject({ status: 'paid', amount_paid: 400000 })
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 4000, received_amount: 4000, pending_amount: 6000, bank: 'Razorpay' })
    const linkAudit = await committedAudit(t, 'payment-links', link.id)
    expect(linkAudit.at(-1)).toMatchObject({ action: 'transition', actor: { kind: 'webhook', name: 'razorpay' } })
    expect(linkAudit.at(-1)?.reason).toContain(delivery.eventId)
    const bookingAudit = await committedAudit(t, 'bookings', booking._id)
    expect(bookingAudit.at(-1)).toMatchObject({ action: 'update', actor: { kind: 'webhook', name: 'razorpay' } })
    expect(bookingAudit.at(-1)?.reason).toContain(payment.id)
    const [entry] = await inboxEntries(t, { eventId: delivery.eventId })
    expect(entry).toMatchObject({ state: 'processed', event: 'payment_link.paid', attempts: 1 })

    // The same delivery again: acknowledged, not applied twice.
    const again = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment), { eventId: delivery.eventId })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ data: { duplicate: true } })
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 4000, term_2: 0, received_amount: 4000 })
    expect(await committedAudit(t, 'bookings', booking._id)).toHaveLength(bookingAudit.length)
    expect(await inboxEntries(t, { eventId: delivery.eventId })).toHaveLength(1)

    // The admin dashboard counts it as money received this month, for the bdm who owns it.
    const dashboard = await loadDashboard(t.context, await actorOf(t, bdm))
    expect(dashboard.money?.receivedPaise).toBeGreaterThanOrEqual(400000)
  })

  it('when a late event says the link is only created, a paid payment stays paid', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000 })
    const link = await newLink(booking._id, 100000)
    const payment = double.payLink(link.providerId)
    await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment))
    const revision = (await stored(link.id))?._rev
    const late = { payment_link: { entity: { ...double.links.get(link.providerId), status: 'created', amount_paid: 0 } } }
    const res = await double.deliver(hook, 'payment_link.created', late)
    expect(res.status).toBe(200)
    expect(await stored(link.id)).toMatchObject({ status: 'paid', _rev: revision })
  })

  it('when the signature is wrong, responds 401, stores the delivery as rejected and changes nothing', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000 })
    const link = await newLink(booking._id, 100000)
    const payment = double.payLink(link.providerId)
    const res = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment), { secret: 'forged' })
    expect(res.status).toBe(401)
    expect(await stored(link.id)).toMatchObject({ status: 'created' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 0 })
    const [entry] = await inboxEntries(t, { eventId: res.eventId })
    expect(entry).toMatchObject({ state: 'rejected', lastError: 'bad signature', attempts: 0 })

    // A forged copy does not block the genuine event with the same id.
    const genuine = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment), { eventId: res.eventId })
    expect(genuine.status).toBe(200)
    expect(await stored(link.id)).toMatchObject({ status: 'paid' })
  })

  it('when the body is not JSON, responds 400 and stores it as rejected', async () => {
    const res = await double.deliver(hook, 'x', {}, { rawBody: 'not json' })
    expect(res.status).toBe(400)
    expect(await inboxEntries(t, { eventId: res.eventId })).toMatchObject([{ state: 'rejected' }])
  })

  it('when the webhooks were lost, payments.reconcile applies the paid state and the receipt as the job', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000, term_1: 1000 })
    const link = await newLink(booking._id, 250000)
    const payment = double.payLink(link.providerId)
    const run = await runJob(t.context, paymentsReconcile, {})
    expect(run.processed).toBeGreaterThan(0)
    expect(await stored(link.id)).toMatchObject({ status: 'paid', amount_paid: 250000 })
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 1000, term_2: 2500, received_amount: 3500 })
    const audit = await committedAudit(t, 'payment-links', link.id)
    expect(audit.at(-1)).toMatchObject({ actor: { kind: 'job', name: 'payments.reconcile', runId: run.runId } })
    const bookingAudit = await committedAudit(t, 'bookings', booking._id)
    expect(bookingAudit.at(-1)?.reason).toContain(payment.id)

    // A second run finds nothing new to record.
    await runJob(t.context, paymentsReconcile, {})
    expect(await committedAudit(t, 'bookings', booking._id)).toHaveLength(bookingAudit.length)
  })

  it('when applying fails, the delivery is kept failed, webhooks.retry applies it once the cause is fixed', async () => {
    // The booking's own rule refuses a receipt above its total: the event waits in the inbox, acknowledged.
    const booking = await seedBooking(t, bdm, { total_amount: 1000 })
    const link = await newLink(booking._id, 200000)
    const payment = double.payLink(link.providerId)
    const delivery = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment))
    expect(delivery.status).toBe(200)
    const [failed] = await inboxEntries(t, { eventId: delivery.eventId })
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed?.lastError).toContain('must not exceed total_amount')
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 0 })

    await t.context.resources.bookings.update({ kind: 'system' }, booking._id, { total_amount: 5000 })
    await runJob(t.context, webhooksRetry, {})
    expect(await inboxEntries(t, { eventId: delivery.eventId })).toMatchObject([{ state: 'processed', attempts: 2 }])
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 2000, received_amount: 2000 })
  })

  it('when an operator replays an entry, the replay is audited and an already applied event changes nothing', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000 })
    const link = await newLink(booking._id, 100000)
    const payment = double.payLink(link.providerId)
    const delivery = await double.deliver(hook, 'payment_link.paid', paidEvent(link.providerId, payment))
    const [entry] = await inboxEntries(t, { eventId: delivery.eventId })
    const before = await committedAudit(t, 'bookings', booking._id)
    const operator = await createUser(t, { role: 'senior admin' })
    const { replayInboxEntry } = await import('../../src/payments/replay-inbox.js')
    const { actorOf } = await import('../setup/resource-app.js')
    const replayed = await replayInboxEntry(t.context, await actorOf(t, operator), String(entry?._id), 'checking')
    expect(replayed).toMatchObject({ state: 'processed', attempts: 2 })
    expect(await committedAudit(t, 'webhook-inbox', String(entry?._id))).toMatchObject([
      { action: 'update', reason: 'replay: checking', actor: { kind: 'user', id: operator.id } },
    ])
    expect(await committedAudit(t, 'bookings', booking._id)).toHaveLength(before.length)
    const stranger = await createUser(t, { role: 'bdm' })
    await expect(replayInboxEntry(t.context, await actorOf(t, stranger), String(entry?._id))).rejects.toThrow(/may not/)
  })

  it('when a QR code is credited, the QR is paid and the booking receives the payment once', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10000 })
    const created = await request(t.app)
      .post('/api/v1/payment-qrs')
      .set('authorization', bdm.token)
      .send({ name: 'Walk-in', amount: 50000, booking_id: booking._id })
    expect(created.status).toBe(201)
    const qrId = String(created.body.data.provider_id)
    const payment = double.creditQr(qrId)
    const payload = { qr_code: { entity: double.qrs.get(qrId) }, payment: { entity: payment } }
    const first = await double.deliver(hook, 'qr_code.credited', payload)
    expect(first.status).toBe(200)
    await double.deliver(hook, 'qr_code.closed', { qr_code: { entity: double.qrs.get(qrId) } })
    const stored = await t.context.resources.paymentQrs.model.findById(created.body.data._id).lean()
    expect(stored).toMatchObject({ status: 'paid', amount_paid: 50000 })
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 500, received_amount: 500 })
    await runJob(t.context, paymentsReconcile, {})
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 500, term_2: 0, received_amount: 500 })
  })
})
