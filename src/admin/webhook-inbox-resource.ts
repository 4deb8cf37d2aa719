import { ForbiddenError, type ActionContext, type RecordActionResponse, type ResourceWithOptions } from 'adminjs'
import type { Action } from '../access/matrix.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError as AppForbiddenError, NotFoundError } from '../errors.js'
import { replayInboxEntry } from '../payments/replay-inbox.js'
import { inboxModel, type InboxEntry } from '../payments/webhook-inbox.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import type { AdminRecord, AdminStore } from './admin-store.js'
import { gatedActions } from './resource-options.js'
import { PolicyResource } from './policy-resource.js'

// The webhook inbox in the panel: read-only (every delivery with its state, attempts and error), plus "Replay" on
// one entry for operators allowed to update it (an audited write, see src/payments/replay-inbox.ts).

const INBOX_ACTIONS: Readonly<Record<string, Action>> = { list: 'read', search: 'read', show: 'read', replay: 'update' }

const present = (entry: InboxEntry): AdminRecord => ({ ...entry, _id: String(entry._id) })

function inboxStore(context: AppContext): AdminStore {
  const inbox = inboxModel(context.db.connection)
  const refuse = (): Promise<never> =>
    Promise.reject(new AppForbiddenError('The inbox is read-only; replay an entry instead'))
  return {
    resource: 'webhook-inbox',
    policyActionOf: (adminAction) => INBOX_ACTIONS[adminAction],
    may: (actor, action) => can(actor, action, 'webhook-inbox'),
    list: async (_actor, query) => {
      const [items, total] = await Promise.all([
        inbox
          .find(query.filter)
          .sort(query.sort ?? { createdAt: -1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .lean(),
        inbox.countDocuments(query.filter),
      ])
      return { items: items.map(present), total }
    },
    get: async (_actor, id) => {
      const entry = /^[0-9a-f]{24}$/i.test(id) ? await inbox.findById(id).lean() : null
      if (!entry) throw new NotFoundError('Inbox entry not found')
      return present(entry)
    },
    create: refuse,
    update: refuse,
    remove: refuse,
  }
}

export function webhookInboxResource(context: AppContext): ResourceWithOptions {
  const store = inboxStore(context)
  const noQuery = { filter: (filters: Record<string, unknown>) => filters, sort: () => undefined }
  return {
    resource: new PolicyResource(inboxModel(context.db.connection), store, 'WebhookInbox', noQuery),
    options: {
      navigation: { name: 'Money', icon: 'Inbox' },
      listProperties: ['createdAt', 'event', 'state', 'attempts', 'eventId'],
      showProperties: [
        '_id',
        'createdAt',
        'event',
        'eventId',
        'state',
        'attempts',
        'outcome',
        'lastError',
        'headers',
        'rawBody',
        'processedAt',
      ],
      filterProperties: [],
      properties: { rawBody: { type: 'textarea' } },
      actions: {
        ...gatedActions(store),
        replay: {
          actionType: 'record',
          icon: 'RefreshCw',
          component: false,
          guard: 'Apply this delivery again? Changes it already made are not repeated.',
          isAccessible: accessTo(store, 'replay'),
          handler: async (_request, _response, ctx: ActionContext): Promise<RecordActionResponse> => {
            const actor = currentActor()
            if (!actor || !ctx.record) throw new ForbiddenError()
            const after = await adminCall(() =>
              replayInboxEntry(context, actor, ctx.record?.id() ?? '', 'from the admin panel'),
            )
            return {
              record: ctx.record.toJSON(ctx.currentAdmin),
              notice: {
                message: `Replayed: ${after.state}${after.lastError ? ` (${after.lastError})` : ''}`,
                type: after.state === 'processed' ? 'success' : 'error',
              },
            }
          },
        },
      },
    },
  }
}
