import { z } from 'zod'
import { CLIENT_OWNED } from './settings-access.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { addressField, addressInput } from './address.js'
import { assignContractNumber } from './contract-number.js'
import { DEFAULT_CURRENCY, currencyCode, paise } from './money.js'

// Contracts (seed 2's `contracts`: contract_number, subject, client, project, type, value, dates, description,
// currency and a loose address). The number is issued by the server (contract-number.ts); the client's owner owns
// the contract (`ownerFrom`), and is reminded 30 days before it ends. `project` is free text until projects exist.

export const contractInput = z.strictObject({
  subject: requiredText(200),
  client: recordId('client'),
  project: text(200).optional(),
  type: requiredText(100),
  value: paise,
  currency: currencyCode.optional(),
  startDate: z.coerce.date({ error: 'must be a date' }),
  endDate: z.coerce.date({ error: 'must be a date' }),
  description: multilineText(5000).optional(),
  address: addressInput.optional(),
  ownerId: recordId('user').optional(),
})

function check(record: ResourceRecord): FieldProblem[] {
  const { startDate, endDate } = record
  if (startDate instanceof Date && endDate instanceof Date && endDate.getTime() <= startDate.getTime()) {
    return [{ path: 'endDate', message: 'must be after the start date' }]
  }
  return []
}

const DAY_MS = 86_400_000

export const contractResource = defineResource({
  name: 'Contract',
  resource: 'contracts',
  access: CLIENT_OWNED,
  label: ['contractNumber', 'subject'],
  fields: {
    // Issued by assignOnCreate after validation, so not `required` here.
    contractNumber: { type: String, unique: true },
    subject: { type: String, required: true },
    client: referenceField({ required: true }),
    project: { type: String, default: '' },
    type: { type: String, required: true },
    value: { type: Number, required: true, min: 0 },
    currency: { type: String, default: DEFAULT_CURRENCY },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true, index: true },
    description: { type: String, default: '' },
    address: addressField,
    ownerId: { type: String, index: true },
  },
  input: contractInput,
  check,
  internalFields: ['contractNumber'],
  assignOnCreate: assignContractNumber,
  immutable: ['contractNumber'],
  references: {
    client: { resource: 'clients' },
    currency: { resource: 'currencies', key: 'code' },
  },
  reminders: [
    {
      name: 'contract.renewal',
      field: 'endDate',
      daysBefore: 30,
      when: (contract) => contract.endDate instanceof Date && contract.endDate.getTime() > Date.now() - DAY_MS,
      recipients: (contract) => (typeof contract.ownerId === 'string' ? [contract.ownerId] : []),
      message: (contract) => `Contract ${String(contract.contractNumber)} (${String(contract.subject)}) ends soon`,
    },
  ],
  audit: true,
  trash: { retentionDays: 365 },
  search: ['contractNumber', 'subject', 'project', 'type'],
  filters: {
    contractNumber: 'string',
    client: 'id',
    type: 'string',
    currency: 'string',
    ownerId: 'string',
    startDate: 'date',
    endDate: 'date',
    value: 'number',
  },
  sortable: ['contractNumber', 'startDate', 'endDate', 'value', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'contractNumber',
    'subject',
    'client',
    'project',
    'type',
    'value',
    'currency',
    'startDate',
    'endDate',
    'ownerId',
  ],
  admin: { navigation: 'Sales', listProperties: ['contractNumber', 'subject', 'client', 'endDate', 'value'] },
})
