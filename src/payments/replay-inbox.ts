import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { auditedWrite } from '../audit/audited-write.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js'
import { objectIdOf } from '../models/resource-access.js'
import { processInboxEntry } from './process-inbox.js'
import { inboxModel, type InboxEntry } from './webhook-inbox.js'

// An operator replays one stored delivery (after correcting what made it fail). The replay is an audited write on
// the inbox entry (actor: the operator); the event itself is applied as the webhook, through the usual path, so a
// replay of an event already applied changes nothing.

export async function replayInboxEntry(app: AppContext, actor: Actor, id: string, reason?: string): Promise<InboxEntry> {
  if (!can(actor, 'update', 'webhook-inbox')) throw new ForbiddenError('You may not replay webhooks')
  const inbox = inboxModel(app.db.connection)
  const entry = await inbox.findById(objectIdOf(id, 'Inbox entry')).lean()
  if (!entry) throw new NotFoundError('Inbox entry not found')
  if (entry.state === 'rejected') throw new ConflictError('A rejected delivery is never applied')
  const revision = entry._rev + 1
  const replayed = await auditedWrite({
    audit: app.resources.audit,
    enabled: true,
    resource: 'webhook-inbox',
    documentId: entry._id,
    revision,
    action: 'update',
    actor,
    reason: `replay${reason ? `: ${reason}` : ''}`,
    changes: [{ path: 'state', before: entry.state, after: 'received' }],
    write: () =>
      inbox
        .findOneAndUpdate({ _id: entry._id, _rev: entry._rev }, { $set: { _rev: revision, state: 'received' } }, { returnDocument: 'after' })
        .lean(),
  })
  if (!replayed) throw new ConflictError('The entry changed meanwhile; retry')
  return processInboxEntry(app, replayed)
}
