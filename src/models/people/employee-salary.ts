import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay } from '../fields/calendar.js'
import { currency, paiseAmount } from '../fields/money.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's employeeSalary, effective-dated: a row is never overwritten. A raise is a new row from its effective day,
// so `GET /api/v1/employee-salaries?employee=<id>&sort=-effectiveFrom` is the history and
// `GET /api/v1/employee-salaries/current?employee=<id>` the row in force today. Pay is HR's: everyone else who may
// read a row sees the money masked.

export const SALARY_MASKED = ['annualCtc'] as const

export const employeeSalaryResource = defineResource({
  name: 'EmployeeSalary',
  resource: 'employee-salaries',
  access: { owner: 'userId', ownerFrom: 'employee', defaults: hrManaged(SALARY_MASKED) },
  label: ['effectiveFrom'],
  fields: {
    employee: referenceField({ required: true }),
    userId: { type: String, index: true },
    currency: { type: String, default: 'INR' },
    /** Yearly cost to company, in paise. */
    annualCtc: { type: Number, required: true, min: 0 },
    effectiveFrom: { type: Date, required: true },
    note: { type: String, default: '' },
  },
  // One row per employee per effective day; also the history's order.
  indexes: [{ fields: { employee: 1, effectiveFrom: -1 }, options: { unique: true } }],
  input: z.strictObject({
    employee: recordId('employee'),
    currency: currency.optional(),
    annualCtc: paiseAmount,
    effectiveFrom: calendarDay,
    /** Why (`annual revision 2026`); the one field a row's update may change. */
    note: multilineText(1000).optional(),
  }),
  immutable: ['employee', 'currency', 'annualCtc', 'effectiveFrom'],
  internalFields: ['userId'],
  references: { employee: { resource: 'employees' } },
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['note'],
  filters: { employee: 'id', effectiveFrom: 'date', currency: 'string' },
  sortable: ['effectiveFrom', 'createdAt'],
  defaultSort: '-effectiveFrom',
  exportColumns: ['employee', 'effectiveFrom', 'currency', 'annualCtc', 'note'],
  admin: { navigation: 'HR', listProperties: ['employee', 'effectiveFrom', 'currency', 'annualCtc'] },
})
