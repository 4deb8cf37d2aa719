import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { calendarDay, minutesOf, timeOfDay } from '../fields/calendar.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText } from '../fields/text.js'
import { combined, hrManaged, KEEP_OWN, ownFor, STAFF } from './access.js'

// One row per employee per day (seed 2's Attendance: its startDate/endDate pair became one `date`, its TIME columns
// check-in and check-out). The row belongs to the employee's login (`userId`, copied from the employee profile by
// `access.ownerFrom`), so staff record and correct their own days while HR keeps everyone's.

export const WORK_PLACES = ['office', 'home', 'field'] as const

export const attendanceInput = z.strictObject({
  employee: recordId('employee'),
  date: calendarDay,
  checkIn: timeOfDay,
  checkOut: timeOfDay.nullable().optional(),
  late: z.boolean().optional(),
  halfDay: z.boolean().optional(),
  workFrom: z.enum(WORK_PLACES).optional(),
  comment: multilineText(1000).optional(),
})

/** Check-out, once recorded, comes after check-in on the same day. */
function check(record: ResourceRecord): FieldProblem[] {
  const checkIn = minutesOf(record.checkIn)
  const checkOut = minutesOf(record.checkOut)
  if (checkIn === null || checkOut === null || checkOut > checkIn) return []
  return [{ path: 'checkOut', message: 'must be after checkIn' }]
}

export const attendanceResource = defineResource({
  name: 'Attendance',
  resource: 'attendance',
  access: {
    owner: 'userId',
    ownerFrom: 'employee',
    defaults: combined(
      hrManaged(),
      // Whether a day was late or a half day is HR's call; the day and the person are fixed.
      ownFor(STAFF, { actions: KEEP_OWN, readonlyFields: ['late', 'halfDay'] }),
    ),
  },
  label: ['date'],
  fields: {
    employee: referenceField({ required: true }),
    userId: { type: String, index: true },
    date: { type: Date, required: true },
    checkIn: { type: String, required: true },
    checkOut: { type: String, default: null },
    late: { type: Boolean, default: false },
    halfDay: { type: Boolean, default: false },
    workFrom: { type: String, enum: WORK_PLACES, default: 'office' },
    comment: { type: String, default: '' },
  },
  // One row per employee per day: the index decides, so two racing check-ins cannot both land (409 naming both).
  indexes: [{ fields: { employee: 1, date: 1 }, options: { unique: true } }, { fields: { deletedAt: 1, date: -1 } }],
  input: attendanceInput,
  check,
  // A day's row is that person's day: a wrong person or day is trashed and recorded again.
  immutable: ['employee', 'date'],
  internalFields: ['userId'],
  references: { employee: { resource: 'employees' } },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['comment'],
  filters: { employee: 'id', userId: 'string', date: 'date', workFrom: 'string', late: 'boolean', halfDay: 'boolean' },
  sortable: ['date', 'createdAt'],
  defaultSort: '-date',
  exportColumns: ['employee', 'date', 'checkIn', 'checkOut', 'late', 'halfDay', 'workFrom', 'comment'],
  admin: { navigation: 'HR', listProperties: ['employee', 'date', 'checkIn', 'checkOut', 'workFrom', 'late'] },
})
