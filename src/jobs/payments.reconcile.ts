import { z } from 'zod'
import type { ResourceService } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { OPEN_STATES } from '../models/payment-states.js'
import { applyProviderView, type ProviderView } from '../payments/apply-state.js'
import { fetchLinkView, fetchQrView } from '../payments/fetch-view.js'
import { CREATING_GRACE_MS, recoverCreating } from '../payments/recover-creating.js'
import { defineJob, type JobRunContext } from './define-job.js'

// Every 15 minutes: asks Razorpay for the state of every open link and QR code (and of those paid in the last two
// days, so a receipt a crash left unrecorded is recorded) and applies what the webhooks missed, through the same
// transition and receipt code the webhooks use. One payment's failure is logged and does not stop the others.
// Before that, it settles payments a crash left `creating` (src/payments/recover-creating.ts).

const RECENT_PAID_MS = 2 * 24 * 3600 * 1000
const BATCH = 200

type Fetch = (record: ResourceRecord) => Promise<ProviderView | null>

async function sweep<Data>(context: JobRunContext<Data>, service: ResourceService, fetch: Fetch): Promise<number> {
  const since = new Date(Date.now() - RECENT_PAID_MS)
  const records = await service.model
    .find({
      provider_id: { $type: 'string' },
      $or: [{ status: { $in: OPEN_STATES } }, { status: 'paid', booking_id: { $type: 'string' }, updatedAt: { $gte: since } }],
    })
    .limit(BATCH)
    .lean<ResourceRecord[]>()
  let failures = 0
  for (const record of records) {
    if (context.signal.aborted) break
    try {
      const view = await fetch(record)
      if (view) await applyProviderView(context.app.resources, service, context.actor, record, view)
      context.processed(1)
    } catch (error) {
      failures += 1
      context.logger.warn('payment not reconciled', { id: String(record._id), error: (error as Error).message })
    }
  }
  return failures
}

export const paymentsReconcile = defineJob({
  name: 'payments.reconcile',
  description: 'Fetches open payment links and QR codes from Razorpay and applies what webhooks missed',
  schedule: { every: '15 minutes' },
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({
    /** A payment `creating` for longer than this (ms) is taken for a crashed create (default 10 minutes). */
    creatingGraceMs: z.number().int().min(0).max(86_400_000).optional(),
  }),
  async run(context) {
    const { resources, paymentProvider: provider } = context.app
    const source = `reconcile ${context.actor.runId ?? ''}`.trim()
    const { actor, logger, signal } = context
    const stuck = { actor, logger, provider, signal, graceMs: context.data.creatingGraceMs ?? CREATING_GRACE_MS }
    // First the creates a crash interrupted, so a link found by its reference is swept in this same run.
    const failures =
      (await recoverCreating(resources.paymentLinks, 'link', stuck, context.processed)) +
      (await recoverCreating(resources.paymentQrs, 'qr', stuck, context.processed)) +
      (await sweep(context, resources.paymentLinks, (record) => fetchLinkView(provider, record, source))) +
      (await sweep(context, resources.paymentQrs, (record) => fetchQrView(provider, record, source)))
    if (failures > 0) throw new Error(`${String(failures)} payment(s) could not be reconciled; see the log`)
  },
})
