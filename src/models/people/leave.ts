import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay, daysIncluded } from '../fields/calendar.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { combined, hrManaged, KEEP_OWN, ownFor, STAFF } from './access.js'
import { checkLeave, verifyLeave } from './leave-rules.js'
import { LEAVE_WORKFLOW } from './leave-workflow.js'
import { userOfEmployee } from './recipients.js'

// Seed 2's Leave: an employee's request for days off, decided by HR or their manager (leave-workflow.ts). Dates are whole days, both
// included; a half day is a one-day leave. The yearly balance is GET /api/v1/leaves/balance (leave-balance.ts).

export const LEAVE_TYPES = ['sick', 'casual', 'annual', 'other'] as const

export const leaveInput = z.strictObject({
  employee: recordId('employee'),
  leaveType: z.enum(LEAVE_TYPES),
  startDate: calendarDay,
  endDate: calendarDay,
  isHalfDay: z.boolean().optional(),
  reason: requiredText(1000),
  remarks: multilineText(1000).optional(),
})

const dates = (leave: Record<string, unknown>) => {
  const { startDate, endDate } = leave
  if (!(startDate instanceof Date) || !(endDate instanceof Date)) return ''
  const day = (date: Date) => date.toISOString().slice(0, 10)
  const days = daysIncluded(startDate, endDate)
  return days === 1 ? day(startDate) : `${day(startDate)} to ${day(endDate)}`
}

export const leaveResource = defineResource({
  name: 'Leave',
  resource: 'leaves',
  access: {
    owner: 'userId',
    ownerFrom: 'employee',
    // The employee's reporting manager reads their leaves and decides them (leave-workflow.ts), not edits them.
    reportingManager: { employee: 'employee', actions: ['read', 'history'] },
    defaults: combined(hrManaged(), ownFor(STAFF, { actions: KEEP_OWN })),
  },
  label: ['leaveType', 'startDate'],
  fields: {
    employee: referenceField({ required: true }),
    userId: { type: String, index: true },
    leaveType: { type: String, enum: LEAVE_TYPES, required: true },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    isHalfDay: { type: Boolean, default: false },
    reason: { type: String, required: true },
    remarks: { type: String, default: '' },
    status: { type: String, enum: LEAVE_WORKFLOW.states, required: true },
  },
  indexes: [{ fields: { employee: 1, startDate: 1, endDate: 1 } }, { fields: { deletedAt: 1, startDate: -1 } }],
  input: leaveInput,
  check: checkLeave,
  verify: verifyLeave,
  // A request is one person's: another person's leave is a new request.
  immutable: ['employee'],
  internalFields: ['userId'],
  references: { employee: { resource: 'employees' } },
  workflow: LEAVE_WORKFLOW,
  events: [
    {
      name: 'leave.approved',
      on: { transition: 'approve' },
      recipients: (leave, connection) => userOfEmployee(connection, leave.employee),
      message: (leave) => `Your ${String(leave.leaveType)} leave (${dates(leave)}) was approved`,
    },
    {
      name: 'leave.rejected',
      on: { transition: 'reject' },
      recipients: (leave, connection) => userOfEmployee(connection, leave.employee),
      message: (leave) => `Your ${String(leave.leaveType)} leave (${dates(leave)}) was rejected`,
    },
  ],
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['reason', 'remarks'],
  filters: {
    employee: 'id',
    userId: 'string',
    leaveType: 'string',
    status: 'string',
    startDate: 'date',
    endDate: 'date',
  },
  sortable: ['startDate', 'endDate', 'createdAt', 'status'],
  defaultSort: '-startDate',
  exportColumns: ['employee', 'leaveType', 'startDate', 'endDate', 'isHalfDay', 'status', 'reason', 'remarks'],
  admin: { navigation: 'HR', listProperties: ['employee', 'leaveType', 'startDate', 'endDate', 'status'] },
})
