import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { calendarDay, timeOfDay } from '../fields/calendar.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { combined, hrManaged, ownFor, STAFF } from './access.js'
import { verifyInterview } from './interview-rules.js'
import { idsNamed } from './recipients.js'

// Seed 2's interview_schedule: a round of a candidate (a job application) for a posting, with an interviewer (a
// user), on a day at a time. The interviewer sees their own interviews (owner) and is told when one is scheduled.

export const INTERVIEW_TYPES = ['online', 'in-person', 'phone'] as const

export const interviewScheduleResource = defineResource({
  name: 'InterviewSchedule',
  resource: 'interview-schedules',
  access: {
    owner: 'interviewer',
    // An interviewer reads their own interviews; the schedule itself is HR's.
    defaults: combined(hrManaged(), ownFor(STAFF, { actions: ['read', 'history'] })),
  },
  label: ['round'],
  fields: {
    job: referenceField({ required: true }),
    candidate: referenceField({ required: true }),
    interviewer: referenceField({ required: true }),
    round: { type: String, required: true },
    interviewType: { type: String, enum: INTERVIEW_TYPES, required: true },
    startOn: { type: Date, required: true },
    startTime: { type: String, required: true },
    commentForInterviewer: { type: String, default: '' },
    commentForCandidate: { type: String, default: '' },
  },
  input: z.strictObject({
    job: recordId('job'),
    candidate: recordId('job application'),
    interviewer: recordId('user'),
    round: requiredText(100),
    interviewType: z.enum(INTERVIEW_TYPES),
    startOn: calendarDay,
    startTime: timeOfDay,
    commentForInterviewer: multilineText(5000).optional(),
    commentForCandidate: multilineText(5000).optional(),
  }),
  verify: verifyInterview,
  references: {
    job: { resource: 'jobs' },
    candidate: { resource: 'job-applications' },
    interviewer: { resource: 'users' },
  },
  events: [
    {
      name: 'interview.scheduled',
      on: 'created',
      recipients: (interview) => idsNamed(interview, 'interviewer'),
      message: (interview) =>
        `Interview (${String(interview.round)}) scheduled on ${
          interview.startOn instanceof Date ? interview.startOn.toISOString().slice(0, 10) : ''
        } at ${String(interview.startTime)}`,
    },
  ],
  audit: true,
  trash: { retentionDays: 365 },
  search: ['round'],
  filters: { job: 'id', candidate: 'id', interviewer: 'id', startOn: 'date', interviewType: 'string' },
  sortable: ['startOn', 'createdAt'],
  defaultSort: 'startOn',
  exportColumns: ['startOn', 'startTime', 'round', 'interviewType', 'job', 'candidate', 'interviewer'],
  admin: {
    navigation: 'Recruitment',
    listProperties: ['startOn', 'startTime', 'round', 'interviewType', 'interviewer'],
  },
})
