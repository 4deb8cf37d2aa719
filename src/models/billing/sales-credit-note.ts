import { z } from 'zod'
import type { Connection } from 'mongoose'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { requiredText } from '../fields/text.js'
import { dateInput } from './dates.js'
import { OWNED_INTERNAL, documentAccess, documentInput, numberIndex, numberOnCreate } from './document-shape.js'
import { acceptsSettlement, invoiceBalance, paise } from './invoice-balance.js'
import { holdOnCreate } from './settlement-holds.js'
import { checkLines, documentDerived, documentFields, TOTAL_FIELDS } from './line-items.js'

// A credit note against an issued sales invoice (seed 2's `sales-creditnote`, also served at that path). Its lines
// say what is credited (one line for a lump sum); totals and GST follow the invoice's seller state and place of
// supply (copied with its client and currency by src/billing/document-service.ts). It may not credit more than the
// invoice still has outstanding; crediting all of it voids an unpaid invoice. Numbered SCN/<year>/<n> on create;
// what it credits never changes afterwards, only its notes.

export const salesCreditNoteInput = z.strictObject({
  ...documentInput,
  invoice: recordId('sales invoice'),
  issueDate: dateInput.optional(),
  reason: requiredText(500),
})

/** 409 naming the field when the invoice cannot take this credit. */
async function verifyCredit(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  const balance = await invoiceBalance(connection, record.invoice, record._id)
  if (!balance) return []
  if (!acceptsSettlement(balance.invoice)) {
    return [{ path: 'invoice', message: `is ${String(balance.invoice.status)}; only an issued invoice is credited` }]
  }
  if (record.currency !== balance.invoice.currency) {
    return [{ path: 'currency', message: `must be the invoice's currency ${String(balance.invoice.currency)}` }]
  }
  const total = Number(record.total ?? 0)
  if (total > balance.outstanding) {
    return [
      { path: 'total', message: `${paise(total)} exceeds the invoice's outstanding ${paise(balance.outstanding)}` },
    ]
  }
  return []
}

const numberCreditNote = numberOnCreate('SCN', 'issueDate')
const holdCredit = holdOnCreate('total')

/** The credit is held on the invoice first (atomic against concurrent receipts), so a refused one takes no number. */
async function holdThenNumber(record: ResourceRecord, connection: Connection): Promise<ResourceRecord> {
  await holdCredit(record, connection)
  return numberCreditNote(record, connection)
}

export const salesCreditNoteResource = defineResource({
  name: 'SalesCreditNote',
  resource: 'sales-credit-notes',
  aliases: ['sales-creditnote'],
  access: documentAccess('invoice'),
  label: ['number'],
  fields: {
    ...documentFields,
    number: String,
    invoice: referenceField({ required: true }),
    client: referenceField(),
    issueDate: { type: Date, default: () => new Date() },
    reason: { type: String, required: true },
  },
  indexes: [
    numberIndex,
    { fields: { deletedAt: 1, issueDate: -1, _id: -1 } },
    // billing.reconcile looks up the invoices of recently changed receipts and credit notes.
    { fields: { updatedAt: 1 } },
  ],
  input: salesCreditNoteInput,
  parents: [{ resource: 'sales-invoices', field: 'invoice' }],
  references: { invoice: { resource: 'sales-invoices' }, client: { resource: 'clients' } },
  derived: documentDerived,
  check: checkLines,
  verify: verifyCredit,
  internalFields: [...OWNED_INTERNAL, 'number', 'client'],
  assignOnCreate: holdThenNumber,
  immutable: ['invoice', 'items', 'issueDate', 'reason', 'currency'],
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['number', 'reason', 'notes'],
  filters: { number: 'string', invoice: 'id', client: 'id', ownerId: 'string', issueDate: 'date', total: 'number' },
  sortable: ['number', 'issueDate', 'total', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['_id', 'number', 'issueDate', 'invoice', 'client', 'reason', 'currency', ...TOTAL_FIELDS, 'ownerId'],
  admin: { navigation: 'Billing', listProperties: ['number', 'invoice', 'total', 'issueDate', 'reason'] },
})
