import { systemActor } from '../access/actor.js'
import type { ResourceService } from '../models/bind-resource.js'
import { invoiceBalance, type InvoiceBalance } from '../models/billing/invoice-balance.js'
import { revisionOf } from '../models/plugins/revision.js'
import { RevisionMismatchError } from '../models/resource-errors.js'

// Settlement: a sales invoice's paid, credited and outstanding amounts and its status, recomputed from its live
// receipts and credit notes after each of their writes, and stored with one audited internal write. Recomputing
// from the records (rather than adding the new amount) makes a retry, a trash or a restore come out right.

const ATTEMPTS = 5

/** Where an issued invoice stands: fully credited and unpaid is void; nothing outstanding is paid. */
export function settledStatus(balance: Pick<InvoiceBalance, 'paid' | 'outstanding'>): string {
  if (balance.outstanding <= 0) return balance.paid > 0 ? 'paid' : 'void'
  return balance.paid > 0 ? 'partially_paid' : 'issued'
}

/** Brings the invoice's amounts and status in line with its receipts and credit notes; `why` goes in the audit. */
export async function settleInvoice(invoices: ResourceService, invoiceId: unknown, why: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const balance = await invoiceBalance(invoices.model.db, invoiceId)
    if (!balance || balance.invoice.status === 'draft') return
    const set = {
      paidAmount: balance.paid,
      creditedAmount: balance.credited,
      outstanding: balance.outstanding,
      status: settledStatus(balance),
    }
    const invoice = balance.invoice
    if (Object.entries(set).every(([key, value]) => invoice[key] === value)) return
    try {
      // As the system: the caller was allowed the receipt; the invoice's amounts follow from it, whoever they are.
      await invoices.writeInternal(systemActor, String(invoice._id), {
        set,
        action: 'update',
        reason: why,
        ifRevision: revisionOf(invoice),
      })
      return
    } catch (error) {
      // Another receipt settled the invoice in between: read again and recompute.
      if (!(error instanceof RevisionMismatchError) || attempt >= ATTEMPTS) throw error
    }
  }
}
