import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ConflictError, ForbiddenError } from '../errors.js'
import { financialYear } from '../invoices/gst.js'
import { DOCUMENT_SERIES, nextDocumentNumber } from '../invoices/series.js'
import { claimIssue, clearIssueClaim, recordClaimedNumber, releaseIssueClaim } from '../models/billing/issue-claim.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { checkRecord } from '../models/resource-writes.js'

// Issuing a sales invoice: it takes the next SI/<year>/<n> (the year of its issue date) and leaves draft, frozen from
// then on. Everything that could refuse it (access, state) is checked, and the draft is claimed for this one issue
// (issue-claim.ts), before the number is taken: a refused issue, or a second issue racing this one, takes no number.
// A number taken for an issue that then failed stays on the draft's claim and is the one its next issue uses.

const SERIES = DOCUMENT_SERIES.salesInvoices

/** The number an earlier, unfinished issue of this draft took, when it is still of the issue date's year. */
function reusable(number: string | null, issueDate: Date): string | null {
  return number?.startsWith(`${SERIES}/${financialYear(issueDate)}/`) === true ? number : null
}

async function numberFor(
  context: AppContext,
  id: Types.ObjectId,
  claim: { key: string; number: string | null },
  issueDate: Date,
): Promise<string> {
  const kept = reusable(claim.number, issueDate)
  if (kept !== null) return kept
  if (claim.number !== null) {
    // The issue date moved to another year since that number was taken: it cannot be used for this invoice.
    context.logger.warn('sales invoice number left unused', { invoiceId: String(id), number: claim.number })
  }
  const number = await nextDocumentNumber(context.db.connection, SERIES, issueDate)
  if (!(await recordClaimedNumber(context.db.connection, id, claim.key, number))) {
    // Only when this request stalled past the claim's staleness and another issue took the draft over.
    context.logger.warn('sales invoice issue claim taken over', { invoiceId: String(id), number })
    throw new ConflictError('This invoice is being issued by another request', [
      { path: 'status', message: 'is draft, being issued by another request' },
    ])
  }
  return number
}

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
  // The record rules the issue write applies (an older draft may break today's), before a number is at stake.
  checkRecord(invoices.def, { ...invoice, number: '', issuedAt: new Date() })
  const _id = new Types.ObjectId(String(invoice._id))
  const connection = context.db.connection
  const claim = await claimIssue(connection, _id)
  let issued: ResourceRecord
  try {
    const issueDate = invoice.issueDate instanceof Date ? invoice.issueDate : new Date()
    const number = await numberFor(context, _id, claim, issueDate)
    issued = await invoices.transition(actor, id, {
      name: 'issue',
      internal: true,
      values: { number, issuedAt: new Date() },
      reason: reason ?? number,
    })
  } catch (error) {
    await releaseIssueClaim(connection, _id, claim.key)
    throw error
  }
  // Tidying only: a claim left on an issued invoice is never read (claims apply to drafts).
  await clearIssueClaim(connection, _id).catch((error: unknown) => {
    context.logger.warn('sales invoice issue claim not cleared', { invoiceId: String(_id), error })
  })
  return issued
}
