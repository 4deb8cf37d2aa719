import { z } from 'zod'
import { ALL_ACTIONS, ROLE_NAMES } from '../../access/vocabulary.js'
import type { FieldProblem } from '../../errors.js'
import { defineResource, type ResourceRecord } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText } from '../fields/text.js'
import type { WorkflowOptions } from '../workflow.js'
import { ownFor } from './access.js'
import { idsNamed } from './recipients.js'

// Internal messages between staff (seed 2's Message: chooseMember, message, isRead). The sender is whoever sends
// (set by the engine, never from the body); the owner is `participants`, sender and recipient, so under the `own`
// scope each person sees exactly what they sent or received, and nobody else's. A message is not edited after it is
// sent; the recipient marks it read (POST /api/v1/messages/:id/read, an internal transition only they may take).

export const MESSAGE_WORKFLOW = {
  field: 'status',
  initial: 'unread',
  states: ['unread', 'read'],
  fields: ['readAt'],
  transitions: [
    {
      name: 'read',
      from: ['unread'],
      to: 'read',
      internal: true,
      input: z.object({ readAt: z.date() }),
    },
  ],
} as const satisfies WorkflowOptions

function check(record: ResourceRecord): FieldProblem[] {
  const [sender] = idsNamed(record, 'senderId')
  const [recipient] = idsNamed(record, 'recipientId')
  return sender !== undefined && sender === recipient
    ? [{ path: 'recipientId', message: 'must be someone other than the sender' }]
    : []
}

export const messageResource = defineResource({
  name: 'Message',
  resource: 'messages',
  access: {
    owner: 'participants',
    defaults: {
      ...ownFor(
        ROLE_NAMES.filter((role) => role !== 'srdev'),
        { actions: ['read', 'create', 'history'] },
      ),
      srdev: ALL_ACTIONS,
    },
  },
  label: ['message'],
  fields: {
    senderId: referenceField(),
    recipientId: referenceField({ required: true }),
    message: { type: String, required: true },
    participants: referenceListField(),
    status: { type: String, enum: MESSAGE_WORKFLOW.states, required: true },
    readAt: { type: Date, default: null },
  },
  indexes: [{ fields: { participants: 1, createdAt: -1 } }],
  input: z.strictObject({
    recipientId: recordId('user'),
    message: multilineText(10_000).pipe(z.string().min(1, 'is required')),
  }),
  check,
  derived: {
    fields: ['participants'],
    compute: (message) => ({ participants: idsNamed(message, 'senderId', 'recipientId') }),
  },
  actorField: 'senderId',
  internalFields: ['senderId'],
  references: { recipientId: { resource: 'users' } },
  workflow: MESSAGE_WORKFLOW,
  events: [
    {
      name: 'message.received',
      on: 'created',
      recipients: (message) => idsNamed(message, 'recipientId'),
      message: () => 'You have a new message',
    },
  ],
  audit: true,
  trash: { retentionDays: 90 },
  search: ['message'],
  filters: { senderId: 'id', recipientId: 'id', status: 'string', createdAt: 'date' },
  sortable: ['createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['createdAt', 'senderId', 'recipientId', 'status', 'message'],
  admin: { navigation: 'Workplace', listProperties: ['createdAt', 'senderId', 'recipientId', 'status'] },
})
