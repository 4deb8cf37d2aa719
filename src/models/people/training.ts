import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay } from '../fields/calendar.js'
import { requiredText } from '../fields/text.js'
import { webLink } from '../fields/web-link.js'
import { hrManaged } from './access.js'

// Seed 2's training (category, links), with a title and a day. Seed 2 listed each creator's own trainings only;
// here HR publishes them and everyone reads them.

export const trainingResource = defineResource({
  name: 'Training',
  resource: 'trainings',
  access: { owner: 'createdBy', defaults: hrManaged() },
  label: ['title'],
  fields: {
    category: { type: String, required: true },
    title: { type: String, required: true },
    links: { type: [String], default: [] },
    date: { type: Date, default: null },
  },
  input: z.strictObject({
    category: requiredText(100),
    title: requiredText(200),
    links: z.array(webLink).min(1, 'name at least one link').max(20),
    date: calendarDay.nullable().optional(),
  }),
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'category'],
  filters: { category: 'string', date: 'date' },
  sortable: ['date', 'title', 'createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['date', 'category', 'title', 'links'],
  readableByAnyUser: true,
  admin: { navigation: 'Workplace', listProperties: ['title', 'category', 'date'] },
})
