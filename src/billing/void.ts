import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError } from '../errors.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { linesOf } from './convert.js'

// Voiding an issued invoice: there is no void transition, only a credit note for all of it (what GST requires), which
// settlement then marks `void`. This verb writes that credit note with the invoice's own lines, so its total matches
// to the paisa. Only an invoice nothing was paid or credited against can be voided this way.

export async function voidInvoice(
  context: AppContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<{ creditNote: ResourceRecord; invoice: ResourceRecord }> {
  const { salesInvoices, salesCreditNotes } = context.resources
  const invoice = await salesInvoices.get(actor, id, { record: false })
  if (invoice.status !== 'issued') {
    throw new ConflictError(`Cannot void an invoice in state ${String(invoice.status)}`, [
      { path: 'status', message: `is ${String(invoice.status)}` },
    ])
  }
  if (Number(invoice.paidAmount) > 0 || Number(invoice.creditedAmount) > 0) {
    throw new ConflictError('Only an invoice with nothing paid or credited is voided in full; credit the rest', [
      { path: 'outstanding', message: `is ${String(invoice.outstanding)} of ${String(invoice.total)} paise` },
    ])
  }
  const creditNote = await salesCreditNotes.create(actor, { invoice: id, reason, items: linesOf(invoice) })
  return { creditNote, invoice: await salesInvoices.get(actor, id, { record: false }) }
}
