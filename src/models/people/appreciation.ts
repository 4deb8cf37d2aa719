import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay } from '../fields/calendar.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's Appreciation: an award given to an employee on a day, with a summary. Public recognition: everyone reads.

export const appreciationResource = defineResource({
  name: 'Appreciation',
  resource: 'appreciations',
  access: { owner: 'createdBy', defaults: hrManaged() },
  label: ['award'],
  fields: {
    award: { type: String, required: true },
    givenTo: referenceField({ required: true }),
    date: { type: Date, required: true },
    summary: { type: String, default: '' },
  },
  input: z.strictObject({
    award: requiredText(200),
    givenTo: recordId('employee'),
    date: calendarDay,
    summary: multilineText(2000).optional(),
  }),
  references: { givenTo: { resource: 'employees' } },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['award', 'summary'],
  filters: { givenTo: 'id', date: 'date', award: 'string' },
  sortable: ['date', 'award', 'createdAt'],
  defaultSort: '-date',
  exportColumns: ['date', 'award', 'givenTo', 'summary'],
  readableByAnyUser: true,
  admin: { navigation: 'Workplace', listProperties: ['date', 'award', 'givenTo'] },
})
