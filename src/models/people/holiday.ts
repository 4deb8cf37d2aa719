import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay } from '../fields/calendar.js'
import { requiredText, text } from '../fields/text.js'
import { hrManaged } from './access.js'

// The company's holiday calendar (seed 2 HEAD's holidays): one holiday per day. Optional holidays are taken by
// choice; regional ones apply to one region (a branch's state) only.

export const HOLIDAY_TYPES = ['public', 'optional', 'regional'] as const

export const holidayResource = defineResource({
  name: 'Holiday',
  resource: 'holidays',
  access: { owner: 'createdBy', defaults: hrManaged() },
  label: ['name'],
  fields: {
    date: { type: Date, required: true, unique: true },
    name: { type: String, required: true },
    holidayType: { type: String, enum: HOLIDAY_TYPES, default: 'public' },
    region: { type: String, default: '' },
  },
  input: z.strictObject({
    date: calendarDay,
    name: requiredText(200),
    holidayType: z.enum(HOLIDAY_TYPES).optional(),
    /** The region a regional holiday applies to (a state); empty for everywhere. */
    region: text(100).optional(),
  }),
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'region'],
  filters: { date: 'date', holidayType: 'string', region: 'string', name: 'string' },
  sortable: ['date', 'name'],
  defaultSort: 'date',
  exportColumns: ['date', 'name', 'holidayType', 'region'],
  // Everyone plans around the calendar.
  readableByAnyUser: true,
  admin: { navigation: 'Workplace', listProperties: ['date', 'name', 'holidayType', 'region'] },
})
