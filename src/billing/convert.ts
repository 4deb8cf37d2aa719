import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError } from '../errors.js'
import { dateInput } from '../models/billing/dates.js'
import type { LineInput } from '../models/billing/line-items.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { multilineText } from '../models/fields/text.js'

// Converting a quotation, estimate or sales quotation into a sales invoice: a draft invoice with the same client,
// currency and lines is created through the invoice service (so it is checked, totalled and audited like any other),
// then the source takes its `convert` transition, recording the invoice (audited with the invoice's id). A second
// convert finds the source converted: 409 naming the state. Two converts racing can both create an invoice; the
// loser's transition fails (412) and leaves its draft invoice, which names its source and can be trashed.

export const CONVERTIBLE = {
  quotations: 'quotations',
  estimates: 'estimates',
  salesQuotations: 'sales-quotations',
} as const
export type Convertible = keyof typeof CONVERTIBLE

export const ConvertBody = z.strictObject({
  issueDate: dateInput.optional(),
  /** Default: 30 days after the issue date. */
  dueDate: dateInput.optional(),
  reason: multilineText(500).optional(),
})

const PAYMENT_TERMS_DAYS = 30

/** The stored lines as invoice input: no nulls, the computed defaults dropped. */
export function linesOf(source: ResourceRecord): LineInput[] {
  const lines = (Array.isArray(source.items) ? source.items : []) as Array<LineInput & { product?: string | null }>
  return lines.map((line) => ({
    ...(typeof line.product === 'string' ? { product: line.product } : {}),
    description: line.description ?? '',
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxRate: line.taxRate,
    discount: line.discount ?? 0,
  }))
}

export async function convertToInvoice(
  context: AppContext,
  kind: Convertible,
  actor: Actor,
  id: string,
  body: z.infer<typeof ConvertBody>,
): Promise<{ source: ResourceRecord; invoice: ResourceRecord }> {
  const sources = context.resources[kind]
  const source = await sources.get(actor, id, { record: false })
  const state = String(source.status)
  if (!['draft', 'sent', 'accepted'].includes(state)) {
    throw new ConflictError(`Cannot convert from state ${state}`, [{ path: 'status', message: `is ${state}` }])
  }
  const issueDate = body.issueDate ?? new Date()
  const dueDate = body.dueDate ?? new Date(issueDate.getTime() + PAYMENT_TERMS_DAYS * 86_400_000)
  const label = `${CONVERTIBLE[kind]} ${String(source.number)}`
  const input = {
    client: String(source.client),
    currency: source.currency,
    items: linesOf(source),
    issueDate,
    dueDate,
    ...(typeof source.category === 'string' && source.category !== '' ? { category: source.category } : {}),
    ...(typeof source.notes === 'string' && source.notes !== '' ? { notes: source.notes } : {}),
  }
  const invoice = await context.resources.salesInvoices.create(actor, input, {
    internal: { sourceResource: CONVERTIBLE[kind], sourceId: String(source._id) },
    reason: body.reason ?? `converted from ${label}`,
  })
  const converted = await sources.transition(actor, id, {
    name: 'convert',
    internal: true,
    values: { convertedTo: String(invoice._id) },
    reason: body.reason ?? `sales invoice ${String(invoice._id)}`,
  })
  return { source: converted, invoice }
}
