import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay, timeOfDay } from '../fields/calendar.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's EventSetup (EventTitle, EventManager, EventDate, EventTime) at /api/v1/events: a company event, run by a
// manager (a user), on a day at a time of day, somewhere.

export const companyEventResource = defineResource({
  name: 'CompanyEvent',
  resource: 'events',
  access: { owner: 'manager', defaults: hrManaged() },
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    manager: referenceField({ required: true }),
    date: { type: Date, required: true },
    time: { type: String, required: true },
    location: { type: String, default: '' },
    description: { type: String, default: '' },
  },
  input: z.strictObject({
    title: requiredText(200),
    manager: recordId('user'),
    date: calendarDay,
    time: timeOfDay,
    location: text(200).optional(),
    description: multilineText(5000).optional(),
  }),
  references: { manager: { resource: 'users' } },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'location', 'description'],
  filters: { manager: 'id', date: 'date' },
  sortable: ['date', 'title', 'createdAt'],
  defaultSort: '-date',
  exportColumns: ['date', 'time', 'title', 'manager', 'location', 'description'],
  readableByAnyUser: true,
  admin: { navigation: 'Workplace', listProperties: ['date', 'time', 'title', 'location', 'manager'] },
})
