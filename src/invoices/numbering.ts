import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js'
import type { ResourceService, UntrustedInput } from '../models/bind-resource.js'
import { invoiceInput } from '../models/invoice.js'
import type { WriteOptions } from '../models/resource-writes.js'
import { nextNumber } from './counter.js'
import { releaseCredit, reserveCredit } from './credit-ledger.js'
import { financialYear, gstMode, invoiceTotals } from './gst.js'

// Invoice numbers: `<series>/<financial year>/<0001>` from an atomic counter per series and year. Everything that
// could refuse the invoice (access, input, the credited invoice and what is left to credit on it) is checked before
// a number is taken, so a refused request leaves no gap; only a process dying between the counter and the write could.
// A credit note books its total on the credited invoice's ledger first (credit-ledger.ts), so all the notes against
// one invoice, earlier and concurrent ones included, never credit more than its total.

export const SERIES = { proforma: 'PI', tax: 'INV', credit_note: 'CN' } as const

type Input = ReturnType<typeof invoiceInput.parse>

/** A credit note credits an existing tax invoice, for at most its total; returns the note's total. */
async function checkCredit(service: ResourceService, actor: Actor, input: Input, sellerState: string): Promise<number> {
  const problem = (message: string) => new ValidationError('Invalid input', [{ path: 'credit_for', message }])
  if (typeof input.credit_for !== 'string') throw problem('is required for a credit note')
  let original
  try {
    original = await service.get(actor, input.credit_for, { record: false })
  } catch (error) {
    if (error instanceof NotFoundError) throw problem('is not an invoice you can see')
    throw error
  }
  if (original.kind !== 'tax') throw problem('must be a tax invoice')
  const rate = input.gst_rate ?? 18
  const mode = gstMode(input.include_gst !== false, rate, sellerState, input.client_state ?? '')
  const total = invoiceTotals(input.items, mode, rate).total
  if (total > Number(original.total)) throw problem('credits more than its total')
  return total
}

/** Runs `write`; if it fails before the note was stored, takes the note's booking off the invoice's ledger. */
async function releasedOnFailure<T>(
  service: ResourceService,
  invoiceId: string,
  noteId: Types.ObjectId,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const stored = await service.model.collection.findOne({ _id: noteId }, { projection: { _id: 1 } })
    if (!stored) await releaseCredit(service.model.db, new Types.ObjectId(invoiceId), [noteId.toHexString()])
    throw error
  }
}

export function numberingService(service: ResourceService, sellerState: string): ResourceService {
  return {
    ...service,
    async create(actor: Actor, raw: UntrustedInput, options?: WriteOptions) {
      if (!can(actor, 'create', 'invoices')) throw new ForbiddenError('You may not create invoices')
      const input = invoiceInput.parse(raw)
      const numbered = async (id?: Types.ObjectId) => {
        const date = input.date ?? new Date()
        const year = financialYear(date)
        const series = SERIES[input.kind]
        const seq = await nextNumber(service.model.db, `invoice:${series}:${year}`)
        const number = `${series}/${year}/${String(seq).padStart(4, '0')}`
        const fields = { ...raw, date, number, financial_year: year, seller_state: sellerState }
        return service.create(actor, fields, id === undefined ? options : { ...options, id })
      }
      if (input.kind === 'credit_note') {
        const total = await checkCredit(service, actor, input, sellerState)
        const credited = String(input.credit_for)
        const noteId = options?.id ?? new Types.ObjectId()
        await reserveCredit(service.model.db, credited, noteId, total)
        return releasedOnFailure(service, credited, noteId, () => numbered(noteId))
      }
      if (input.credit_for) {
        throw new ValidationError('Invalid input', [{ path: 'credit_for', message: 'only a credit note credits an invoice' }])
      }
      return numbered()
    },
  }
}
