import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ConflictError, ForbiddenError } from '../errors.js'
import { nextDocumentNumber } from '../invoices/series.js'
import type { ResourceRecord } from '../models/define-resource.js'

// Issuing a sales invoice: it takes the next SI/<year>/<n> (the year of its issue date) and leaves draft, frozen from
// then on. Everything that could refuse it (access, state) is checked before the number is taken, so a refused issue
// leaves no gap; a conflicting issue racing this one can (the loser's number is then unused: logged by the audit).

export async function issueInvoice(
  context: AppContext,
  actor: Actor,
  id: string,
  reason?: string,
): Promise<ResourceRecord> {
  const invoices = context.resources.salesInvoices
  const invoice = await invoices.get(actor, id, { record: false })
  if (!can(actor, 'update', 'sales-invoices', invoice)) throw new ForbiddenError('You may not issue sales invoices')
  if (invoice.status !== 'draft') {
    throw new ConflictError(`Cannot issue from state ${String(invoice.status)}`, [
      { path: 'status', message: `is ${String(invoice.status)}` },
    ])
  }
  const issueDate = invoice.issueDate instanceof Date ? invoice.issueDate : new Date()
  const number = await nextDocumentNumber(context.db.connection, 'SI', issueDate)
  return invoices.transition(actor, id, {
    name: 'issue',
    internal: true,
    values: { number, issuedAt: new Date() },
    reason: reason ?? number,
  })
}
