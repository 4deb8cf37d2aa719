import type { Connection } from 'mongoose'
import { nextNumber } from './counter.js'
import { financialYear } from './gst.js'

// Numbers of the sales documents: `<series>/<financial year>/<0001>` from an atomic counter per series and year, the
// format of the proforma and tax invoices (numbering.ts). Each series has its own counter, so a quotation never
// takes an invoice's number.

export const DOCUMENT_SERIES = {
  quotations: 'QT',
  proposals: 'PR',
  estimates: 'ES',
  salesQuotations: 'SQ',
  salesInvoices: 'SI',
  salesCreditNotes: 'SCN',
} as const

export type DocumentSeries = (typeof DOCUMENT_SERIES)[keyof typeof DOCUMENT_SERIES]

/** The next number of `series` in the financial year `date` falls in. */
export async function nextDocumentNumber(connection: Connection, series: DocumentSeries, date: Date): Promise<string> {
  const year = financialYear(date)
  const seq = await nextNumber(connection, `document:${series}:${year}`)
  return `${series}/${year}/${String(seq).padStart(4, '0')}`
}
