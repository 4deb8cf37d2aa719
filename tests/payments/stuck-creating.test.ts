import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paymentsReconcile } from '../../src/jobs/payments.reconcile.js'
import { runJob } from '../../src/jobs/run-job.js'
import type { ResourceRecord } from '../../src/models/define-resource.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import { razorpayEnv, startRazorpayDouble, type RazorpayDouble } from '../setup/razorpay-double.js'

// payments.reconcile and the payments a crash left `creating`: the record was stored and (for a link) Razorpay
// created the link with our id as reference_id, but the process died before recording the answer. The job finds
// the link by reference and completes the record, or fails it when Razorpay has none; audited as the job.

describe('payments.reconcile: payments stuck creating', () => {
  let t: TestApp
  let double: RazorpayDouble
  let bdm: TestUser
  beforeAll(async () => {
    double = await startRazorpayDouble()
    t = await buildTestApp('payments-stuck', { env: razorpayEnv(double) })
    bdm = await createUser(t, { role: 'bdm' })
  })
  afterAll(async () => {
    await t.close()
    await double.close()
  })

  /** The state a crash after the local insert leaves: a `creating` record and no provider id. */
  const stuckLink = async () =>
    String(
      (
        await t.context.resources.paymentLinks.model.create({
          user_id: bdm.id,
          amount: 250_000,
          status: 'creating',
          customer_contact: '9876543210',
        })
      )._id,
    )
  const stored = (id: string) => t.context.resources.paymentLinks.model.findById(id).lean<ResourceRecord>()
  const now = { creatingGraceMs: 0 }

  it('when Razorpay has the link (paid meanwhile), the job completes the record and applies the payment, as the job', async () => {
    const id = await stuckLink()
    const link = double.createLink({
      amount: 250_000,
      currency: 'INR',
      reference_id: id,
      customer: { contact: '9876543210' },
    })
    double.payLink(link.id)
    const run = await runJob(t.context, paymentsReconcile, now)
    expect(await stored(id)).toMatchObject({
      status: 'paid',
      provider_id: link.id,
      provider_url: link.short_url,
      amount_paid: 250_000,
    })
    expect(double.calls).toContainEqual({ method: 'GET', path: '/v1/payment_links', body: {} })
    const audit = await committedAudit(t, 'payment-links', id)
    const job = { kind: 'job', name: 'payments.reconcile', runId: run.runId }
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['transition', job],
      ['transition', job],
    ])
    expect(audit[0]?.reason).toBe(`open: reconcile: link ${link.id} found by reference`)
    expect(audit[0]?.changes).toEqual(
      expect.arrayContaining([{ path: 'status', before: 'creating', after: 'created' }]),
    )
  })

  it('when Razorpay has no link with that reference, the job marks the record failed with the reason', async () => {
    const id = await stuckLink()
    const run = await runJob(t.context, paymentsReconcile, now)
    const reason = 'reconcile: creation interrupted; Razorpay has no link with this reference'
    expect(await stored(id)).toMatchObject({ status: 'failed', failure_reason: reason })
    expect((await committedAudit(t, 'payment-links', id)).at(-1)).toMatchObject({
      action: 'transition',
      actor: { kind: 'job', name: 'payments.reconcile', runId: run.runId },
      reason: `fail: ${reason}`,
    })
    // Final: a later run leaves it alone.
    await runJob(t.context, paymentsReconcile, now)
    expect(await committedAudit(t, 'payment-links', id)).toHaveLength(1)
  })

  it('when the record is younger than the grace period, the job leaves it creating (its create may be in flight)', async () => {
    const id = await stuckLink()
    await runJob(t.context, paymentsReconcile, {})
    expect(await stored(id)).toMatchObject({ status: 'creating' })
    expect(await committedAudit(t, 'payment-links', id)).toHaveLength(0)
  })

  it('when a UPI QR code is stuck creating, the job fails it: its image never reached a customer', async () => {
    const qr = await t.context.resources.paymentQrs.model.create({
      user_id: bdm.id,
      amount: 50_000,
      status: 'creating',
      name: 'Meera',
    })
    await runJob(t.context, paymentsReconcile, now)
    expect(await t.context.resources.paymentQrs.model.findById(qr._id).lean()).toMatchObject({
      status: 'failed',
      failure_reason: 'reconcile: creation interrupted; the QR code was never shown, so nothing can be paid to it',
    })
  })
})
