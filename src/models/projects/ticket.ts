import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { multilineText, requiredText, text } from '../fields/text.js'
import { TICKET_PRIORITIES } from './ticket-sla.js'

// A support ticket (seed 2's `tickets`). The requestor is a user or an outside email, never both; whoever raised it
// (`raisedBy`) owns it, so staff follow their own tickets and the support desk (dev, senior admin, admin) sees all.
// Its workflow stamps the SLA times: `firstResponseAt` on the first move out of `open`, `resolvedAt` on resolve.

export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const
export const TICKET_CHANNELS = ['email', 'phone', 'web', 'chat'] as const

export const ticketInput = z.strictObject({
  requestorId: recordId('user').nullable().optional(),
  requestorEmail: z.email('must be an email address').max(254).nullable().optional(),
  subject: requiredText(300),
  description: multilineText(20_000),
  agentId: recordId('user').nullable().optional(),
  group: text(100).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  channel: z.enum(TICKET_CHANNELS).optional(),
  tags: z.array(text(50)).max(20).optional(),
  type: text(100).optional(),
  project: recordId('project').nullable().optional(),
  raisedBy: recordId('user').optional(),
})

function check(record: ResourceRecord): FieldProblem[] {
  const given = [record.requestorId, record.requestorEmail].filter((value) => value !== null && value !== undefined)
  if (given.length === 1) return []
  const message = given.length === 0 ? 'a requestor user or email is required' : 'name a user or an email, not both'
  return [
    { path: 'requestorId', message },
    { path: 'requestorEmail', message },
  ]
}

/** The first move out of `open` is the first response; later moves keep it. */
const responded = (current: ResourceRecord, now: Date) => ({ firstResponseAt: current.firstResponseAt ?? now })

const support = ALL_BUT_DESTROY
const requestor = { actions: ['read', 'create', 'history'], scope: 'own' } as const

export const ticketResource = defineResource({
  name: 'Ticket',
  resource: 'tickets',
  access: {
    owner: 'raisedBy',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: support,
      'senior admin': support,
      admin: support,
      HR: requestor,
      bdm: requestor,
      user: requestor,
    },
  },
  label: ['subject'],
  fields: {
    requestorId: referenceField(),
    requestorEmail: { type: String, default: null },
    subject: { type: String, required: true },
    description: { type: String, required: true },
    agentId: referenceField(),
    group: { type: String, default: '' },
    priority: { type: String, enum: TICKET_PRIORITIES, default: 'medium' },
    channel: { type: String, enum: TICKET_CHANNELS, default: 'web' },
    tags: { type: [String], default: [] },
    type: { type: String, default: '' },
    project: referenceField(),
    raisedBy: { type: String, required: true, index: true },
    status: { type: String, enum: TICKET_STATUSES, required: true },
    firstResponseAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
  },
  indexes: [{ fields: { status: 1, createdAt: 1 } }],
  input: ticketInput,
  check,
  audit: true,
  trash: { retentionDays: 365 },
  references: {
    requestorId: { resource: 'users' },
    agentId: { resource: 'users' },
    project: { resource: 'projects' },
  },
  workflow: {
    field: 'status',
    initial: 'open',
    states: TICKET_STATUSES,
    fields: ['firstResponseAt', 'resolvedAt'],
    transitions: [
      {
        name: 'start',
        from: ['open'],
        to: 'in_progress',
        roles: ['srdev', 'dev', 'senior admin', 'admin'],
        stamp: responded,
      },
      {
        name: 'resolve',
        from: ['open', 'in_progress'],
        to: 'resolved',
        stamp: (current, now) => ({ ...responded(current, now), resolvedAt: now }),
      },
      { name: 'close', from: ['resolved'], to: 'closed' },
      // A reopened ticket is unresolved again: its resolve clock runs from creation, as before.
      { name: 'reopen', from: ['resolved', 'closed'], to: 'in_progress', stamp: () => ({ resolvedAt: null }) },
    ],
  },
  search: ['subject', 'description', 'requestorEmail', 'group', 'type'],
  filters: {
    status: 'string',
    priority: 'string',
    channel: 'string',
    agentId: 'id',
    requestorId: 'id',
    project: 'id',
    group: 'string',
    tags: 'string',
    createdAt: 'date',
  },
  sortable: ['createdAt', 'priority', 'status', 'resolvedAt'],
  defaultSort: '-createdAt',
  exportColumns: [
    '_id',
    'subject',
    'status',
    'priority',
    'channel',
    'requestorId',
    'requestorEmail',
    'agentId',
    'group',
    'createdAt',
    'firstResponseAt',
    'resolvedAt',
  ],
  admin: { navigation: 'Support', listProperties: ['subject', 'status', 'priority', 'agentId', 'createdAt'] },
})
