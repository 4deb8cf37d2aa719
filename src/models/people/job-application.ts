import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { indianPhone } from '../fields/indian-ids.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { storedFile } from '../fields/stored-file.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { hrManaged } from './access.js'
import { APPLICATION_WORKFLOW } from './job-application-workflow.js'

// Seed 2's job_application (whose validator never ran): a candidate for a posting, with experience in years and
// notice in days as numbers, and the CV as a stored document (uploaded through PUT /:id/cv, never a URL the client
// supplies). Candidates' personal data: HR's only.

export const jobApplicationResource = defineResource({
  name: 'JobApplication',
  resource: 'job-applications',
  access: { owner: 'createdBy', defaults: hrManaged() },
  label: ['name'],
  fields: {
    job: referenceField({ required: true }),
    name: { type: String, required: true },
    email: { type: String, required: true },
    phone: { type: String, default: '' },
    location: { type: String, default: '' },
    currentLocation: { type: String, default: '' },
    totalExperience: { type: Number, default: 0, min: 0 },
    noticePeriod: { type: Number, default: 0, min: 0 },
    appliedSource: { type: String, default: '' },
    coverLetter: { type: String, default: '' },
    cv: { type: storedFile, default: null },
    status: { type: String, enum: APPLICATION_WORKFLOW.states, required: true },
  },
  indexes: [{ fields: { job: 1, email: 1 } }],
  input: z.strictObject({
    job: recordId('job'),
    name: requiredText(200),
    email: text(254)
      .transform((value) => value.toLowerCase())
      .pipe(z.email('must be an email address')),
    phone: indianPhone.optional(),
    location: text(200).optional(),
    currentLocation: text(200).optional(),
    /** Years, one decimal (`3.5`). */
    totalExperience: z.number().min(0).max(60).optional(),
    /** Days. */
    noticePeriod: z.number().int('must be a whole number of days').min(0).max(365).optional(),
    /** Where the candidate came from (`referral`, `LinkedIn`). */
    appliedSource: text(100).optional(),
    coverLetter: multilineText(20_000).optional(),
  }),
  internalFields: ['cv'],
  references: { job: { resource: 'jobs' } },
  workflow: APPLICATION_WORKFLOW,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'email', 'phone', 'location'],
  filters: { job: 'id', status: 'string', email: 'string', appliedSource: 'string', createdAt: 'date' },
  sortable: ['createdAt', 'name', 'status', 'totalExperience'],
  defaultSort: '-createdAt',
  exportColumns: ['job', 'name', 'email', 'phone', 'location', 'totalExperience', 'noticePeriod', 'status'],
  admin: {
    navigation: 'Recruitment',
    listProperties: ['name', 'email', 'job', 'status', 'createdAt'],
    documents: ['cv'],
  },
})
