import { z } from 'zod'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { calendarDay } from '../fields/calendar.js'
import { currency, paiseAmount } from '../fields/money.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { hrManaged } from './access.js'

// Seed 2's job posting at /api/v1/jobs (Agenda's runs are at /api/v1/job-runs). The expected salary became a range
// in paise with its currency; skills name records of the skills list; the recruiter is a user.

export const JOB_STATUSES = ['open', 'closed'] as const
export const JOB_TYPES = ['full_time', 'part_time', 'contract', 'internship'] as const

function check(record: ResourceRecord): FieldProblem[] {
  const problems: FieldProblem[] = []
  const { startDate, endDate, salaryMin, salaryMax } = record
  if (startDate instanceof Date && endDate instanceof Date && endDate < startDate) {
    problems.push({ path: 'endDate', message: 'must not be before startDate' })
  }
  if (typeof salaryMin === 'number' && typeof salaryMax === 'number' && salaryMax < salaryMin) {
    problems.push({ path: 'salaryMax', message: 'must not be below salaryMin' })
  }
  return problems
}

const names = (max: number) => z.array(requiredText(100)).max(max)

export const jobResource = defineResource({
  name: 'JobPosting',
  resource: 'jobs',
  access: { owner: 'recruiter', defaults: hrManaged() },
  label: ['title'],
  fields: {
    title: { type: String, required: true },
    category: { type: String, required: true },
    skills: { type: [String], default: [] },
    location: { type: String, required: true },
    interviewRounds: { type: [String], default: [] },
    startDate: { type: Date, required: true },
    endDate: { type: Date, default: null },
    totalOpenings: { type: Number, default: 1, min: 1 },
    status: { type: String, enum: JOB_STATUSES, default: 'open' },
    recruiter: referenceField({ required: true }),
    jobType: { type: String, enum: JOB_TYPES, default: 'full_time' },
    workExperience: { type: String, default: '' },
    currency: { type: String, default: 'INR' },
    salaryMin: { type: Number, default: null, min: 0 },
    salaryMax: { type: Number, default: null, min: 0 },
    description: { type: String, default: '' },
  },
  input: z.strictObject({
    title: requiredText(200),
    category: requiredText(100),
    skills: names(50).optional(),
    location: requiredText(200),
    /** The rounds in order (`Technical`, `HR`). */
    interviewRounds: names(20).optional(),
    startDate: calendarDay,
    endDate: calendarDay.nullable().optional(),
    totalOpenings: z.number().int('must be a whole number').min(1).max(10_000).optional(),
    status: z.enum(JOB_STATUSES).optional(),
    recruiter: recordId('user'),
    jobType: z.enum(JOB_TYPES).optional(),
    /** As the posting says it (`2-4 years`). */
    workExperience: text(100).optional(),
    currency: currency.optional(),
    /** Yearly, in paise. */
    salaryMin: paiseAmount.nullable().optional(),
    salaryMax: paiseAmount.nullable().optional(),
    description: multilineText(20_000).optional(),
  }),
  check,
  references: {
    recruiter: { resource: 'users' },
    skills: { resource: 'skills', key: 'name', many: true },
  },
  audit: true,
  trash: { retentionDays: 365 },
  search: ['title', 'category', 'location', 'skills'],
  filters: {
    status: 'string',
    category: 'string',
    jobType: 'string',
    location: 'string',
    recruiter: 'id',
    skills: 'string',
  },
  sortable: ['startDate', 'endDate', 'title', 'createdAt'],
  defaultSort: '-startDate',
  exportColumns: ['title', 'category', 'location', 'status', 'jobType', 'totalOpenings', 'startDate', 'endDate'],
  // Staff refer candidates: every signed-in user reads the postings.
  readableByAnyUser: true,
  admin: { navigation: 'Recruitment', listProperties: ['title', 'category', 'location', 'status', 'startDate'] },
})
