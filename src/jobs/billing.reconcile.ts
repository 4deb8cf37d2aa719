import type { Connection } from 'mongoose'
import { z } from 'zod'
import { HOLDS_FIELD } from '../models/billing/settlement-holds.js'
import { settleInvoice, STALE_HOLD_MS } from '../billing/settle.js'
import { defineJob } from './define-job.js'

// Every 15 minutes: recounts the sales invoices whose receipts or credit notes changed recently, so one whose
// settlement a crash interrupted (the receipt stored, the invoice not yet written) is put right without waiting for
// its next write; and drops the settlement holds that writes which died left behind. The recount is the same one
// every receipt runs: it writes only when the invoice disagrees with its records (audited, actor = this run), so
// running it again, or alongside live writes, changes nothing more.

/** How far back changed receipts and credit notes are looked at: many runs' worth, so a missed run loses nothing. */
const DEFAULT_WINDOW_HOURS = 48

const CHILDREN = ['sales-revenue', 'sales-credit-notes'] as const

/** Invoices with a receipt or credit note (live or trashed) written since `since`, or with a hold older than `staleBefore`. */
async function invoicesToRecount(connection: Connection, since: Date, staleBefore: Date): Promise<string[]> {
  const ids = new Set<string>()
  for (const child of CHILDREN) {
    const invoices = await connection.collection(child).distinct('invoice', { updatedAt: { $gte: since } })
    for (const id of invoices) ids.add(String(id))
  }
  const held = await connection
    .collection('sales-invoices')
    .find({ [`${HOLDS_FIELD}.at`]: { $lt: staleBefore } }, { projection: { _id: 1 } })
    .toArray()
  for (const invoice of held) ids.add(String(invoice._id))
  return [...ids]
}

export const billingReconcile = defineJob({
  name: 'billing.reconcile',
  description: 'Recounts sales invoices whose receipts or credit notes changed, and drops holds of writes that died',
  schedule: { every: '15 minutes' },
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.strictObject({
    /** Receipts and credit notes changed in this many hours are looked at (default 48). */
    windowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 366)
      .optional(),
    /** A hold older than this (ms) whose write never happened is dropped (default 10 minutes). */
    graceMs: z.number().int().min(0).max(86_400_000).optional(),
  }),
  async run({ app, data, actor, logger, processed, signal }) {
    const now = Date.now()
    const graceMs = data.graceMs ?? STALE_HOLD_MS
    const since = new Date(now - (data.windowHours ?? DEFAULT_WINDOW_HOURS) * 3600_000)
    const ids = await invoicesToRecount(app.db.connection, since, new Date(now - graceMs))
    let corrected = 0
    for (const id of ids) {
      if (signal.aborted) break
      const why = 'billing.reconcile: recounted from its receipts and credit notes'
      if (await settleInvoice(app.resources.salesInvoices, id, why, { actor, staleHoldMs: graceMs })) {
        corrected += 1
        logger.warn('sales invoice was stale; recounted', { invoiceId: id })
      }
      processed(1)
    }
    logger.info('sales invoices reconciled', { looked: ids.length, corrected })
  },
})
