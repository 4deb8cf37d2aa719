import type { JobActor } from '../access/actor.js'
import type { PaymentProvider } from '../integrations/razorpay.js'
import type { Logger } from '../logger.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { enqueue } from '../outbox/outbox-entry.js'
import { linkOpener } from './openers.js'

// Payments a crash left `creating` (open-payment.ts: stored, then the provider called, then the answer recorded; the
// process died in between). Once older than a grace period (the provider call times out in 15 s, so nothing that
// old is still in flight), the reconcile job settles each one as the create would have:
// - a link: Razorpay is asked for the link carrying our id as `reference_id`; found, the record is opened with its
//   id and short URL (and its state then follows in the same run); not found, it is `failed`.
// - a QR code: Razorpay keeps no reference of ours to search by, and its image URL only ever reached the crashed
//   process, so no customer can have been shown it: it is `failed`.
// Each change goes through the payment workflow, audited with the job as actor.

/** A payment `creating` for longer than this is taken for a crashed create (ms). */
export const CREATING_GRACE_MS = 10 * 60_000

const BATCH = 200

export interface RecoveryRun {
  readonly actor: JobActor
  readonly logger: Logger
  readonly provider: PaymentProvider
  readonly graceMs: number
  readonly signal: AbortSignal
}

async function stuck(service: ResourceService, graceMs: number): Promise<ResourceRecord[]> {
  return service.model
    .find({ status: 'creating', createdAt: { $lte: new Date(Date.now() - graceMs) } })
    .limit(BATCH)
    .lean<ResourceRecord[]>()
}

async function fail(service: ResourceService, run: RecoveryRun, id: string, why: string): Promise<void> {
  const reason = `reconcile: creation interrupted; ${why}`
  await service.transition(run.actor, id, { name: 'fail', values: { failure_reason: reason }, onBehalf: true, reason })
}

async function recoverLink(service: ResourceService, run: RecoveryRun, record: ResourceRecord): Promise<void> {
  const id = String(record._id)
  const link = await run.provider.findLinkByReference(id)
  if (!link) {
    await fail(service, run, id, 'Razorpay has no link with this reference')
    return
  }
  const values = { provider_id: link.id, provider_url: link.short_url }
  const reason = `reconcile: link ${link.id} found by reference`
  const opened = await service.transition(run.actor, id, { name: 'open', values, onBehalf: true, reason })
  // The Sheets row the create would have logged after opening (the outbox delivers it).
  const row = linkOpener(run.provider, '').sheetRow(opened)
  await enqueue(service.model.db, 'sheets', row, `${service.def.resource}:${id}`)
}

/**
 * Settles the stuck payments of one kind; returns how many could not be (provider unreachable...), which stay
 * `creating` for the next run.
 */
export async function recoverCreating(
  service: ResourceService,
  kind: 'link' | 'qr',
  run: RecoveryRun,
  processed: (count: number) => void,
): Promise<number> {
  let failures = 0
  for (const record of await stuck(service, run.graceMs)) {
    if (run.signal.aborted) break
    try {
      if (kind === 'link') await recoverLink(service, run, record)
      else await fail(service, run, String(record._id), 'the QR code was never shown, so nothing can be paid to it')
      processed(1)
    } catch (error) {
      failures += 1
      run.logger.warn('stuck payment not recovered', { id: String(record._id), error: (error as Error).message })
    }
  }
  return failures
}
