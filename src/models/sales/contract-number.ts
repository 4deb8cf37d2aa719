import type { Connection } from 'mongoose'
import { nextNumber } from '../../invoices/counter.js'
import type { ResourceRecord } from '../define-resource.js'

// Contract numbers `CT-<year>-<NNNN>` (CT-2026-0001) from one atomic counter per year, issued once at creation.
// The year is the UTC year of issue, like employee ids; a fifth digit appears after 9999 contracts in a year.

export async function assignContractNumber(_record: ResourceRecord, connection: Connection): Promise<ResourceRecord> {
  const year = new Date().getUTCFullYear()
  const seq = await nextNumber(connection, `contractNumber:${year}`)
  return { contractNumber: `CT-${year}-${String(seq).padStart(4, '0')}` }
}
