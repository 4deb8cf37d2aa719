import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { calendarDay, minutesOf, timeOfDay } from '../fields/calendar.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { webLink } from '../fields/web-link.js'
import { ownFor, STAFF } from './access.js'
import { idsNamed } from './recipients.js'
import type { WorkflowOptions } from '../workflow.js'

// Seed 2's Meeting (title, description, date, start and end time, link, status), with its people: the organiser
// (whoever created it, set by the engine) and the attendees (users). `participants` (organiser and attendees) is the
// owner, so each of them sees the meeting under the `own` scope. Rescheduling and closing a meeting is HR's (and
// srdev's): the own scope reaches every participant, and an attendee should not move the organiser's meeting.

export const MEETING_WORKFLOW = {
  field: 'status',
  initial: 'scheduled',
  states: ['scheduled', 'completed', 'cancelled'],
  transitions: [
    { name: 'complete', from: ['scheduled'], to: 'completed' },
    { name: 'cancel', from: ['scheduled'], to: 'cancelled', reasonRequired: true },
  ],
} as const satisfies WorkflowOptions

function check(record: ResourceRecord): FieldProblem[] {
  const start = minutesOf(record.startTime)
  const end = minutesOf(record.endTime)
  if (start === null || end === null || end > start) return []
  return [{ path: 'endTime', message: 'must be after startTime' }]
}

export const meetingResource = defineResource({
  name: 'Meeting',
  resource: 'meetings',
  access: {
    owner: 'participants',
    defaults: {
      ...ownFor(STAFF, { actions: ['read', 'create', 'history'] }),
      ...ownFor(['dev'], { actions: ['read', 'create', 'history'] }),
      srdev: ALL_ACTIONS,
      HR: [{ actions: ALL_BUT_DESTROY }],
    },
  },
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    description: { type: String, default: '' },
    date: { type: Date, required: true },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    link: { type: String, default: '' },
    attendees: referenceListField(),
    organiser: referenceField(),
    participants: referenceListField(),
    status: { type: String, enum: MEETING_WORKFLOW.states, required: true },
  },
  input: z.strictObject({
    title: requiredText(200),
    description: multilineText(5000).optional(),
    date: calendarDay,
    startTime: timeOfDay,
    endTime: timeOfDay,
    link: webLink.optional(),
    attendees: z.array(recordId('user')).max(200).optional(),
  }),
  check,
  derived: {
    fields: ['participants'],
    compute: (meeting) => ({ participants: idsNamed(meeting, 'organiser', 'attendees') }),
  },
  actorField: 'organiser',
  internalFields: ['organiser'],
  references: {
    attendees: { resource: 'users', many: true },
    organiser: { resource: 'users' },
  },
  workflow: MEETING_WORKFLOW,
  events: [
    {
      name: 'meeting.scheduled',
      on: 'created',
      recipients: (meeting) => idsNamed(meeting, 'attendees'),
      message: (meeting) =>
        `Meeting "${String(meeting.title)}" on ${
          meeting.date instanceof Date ? meeting.date.toISOString().slice(0, 10) : ''
        } at ${String(meeting.startTime)}`,
    },
  ],
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'description'],
  filters: { date: 'date', status: 'string', organiser: 'id', attendees: 'id' },
  sortable: ['date', 'startTime', 'createdAt'],
  defaultSort: '-date',
  exportColumns: ['date', 'startTime', 'endTime', 'title', 'status', 'organiser', 'attendees', 'link'],
  admin: { navigation: 'Workplace', listProperties: ['date', 'startTime', 'endTime', 'title', 'status'] },
})
