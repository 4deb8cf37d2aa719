import { z } from 'zod'
import { ALL_ACTIONS } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { recordId } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { dateInput } from './fields.js'

// Seed 2's `taskcalendars`: a person's own calendar entries (a call at 15:30), apart from project tasks. Each entry
// belongs to its creator; everyone keeps their own, srdev sees all. They appear in GET /api/v1/calendar.

export const taskCalendarInput = z.strictObject({
  name: requiredText(200),
  date: dateInput,
  /** `HH:MM`, 24-hour, the entry's local time; none for an all-day entry. */
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
    .nullable()
    .optional(),
  description: multilineText(5000).optional(),
  ownerId: recordId('user').optional(),
})

const OWN = { actions: ['read', 'create', 'update', 'trash', 'restore', 'history'], scope: 'own' } as const

export const taskCalendarResource = defineResource({
  name: 'TaskCalendar',
  resource: 'taskcalendars',
  access: {
    owner: 'ownerId',
    defaults: { srdev: ALL_ACTIONS, dev: OWN, 'senior admin': OWN, admin: OWN, HR: OWN, bdm: OWN, user: OWN },
  },
  label: ['name'],
  fields: {
    name: { type: String, required: true },
    date: { type: Date, required: true },
    time: { type: String, default: null },
    description: { type: String, default: '' },
    ownerId: { type: String, required: true, index: true },
  },
  indexes: [{ fields: { ownerId: 1, date: 1 } }],
  input: taskCalendarInput,
  audit: true,
  trash: { retentionDays: 90 },
  search: ['name', 'description'],
  filters: { date: 'date', ownerId: 'string' },
  sortable: ['date', 'name', 'createdAt'],
  defaultSort: 'date',
  exportColumns: ['_id', 'name', 'date', 'time', 'description', 'ownerId'],
  admin: { navigation: 'Projects', listProperties: ['name', 'date', 'time', 'ownerId'] },
})
