import type { Action, ActionContext, ActionRequest, ActionResponse, RecordActionResponse } from 'adminjs'
import { z } from 'zod'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import type { AuditActor } from '../audit/audit-entry.js'
import type { TrailEntry } from '../audit/history.js'
import { personIdsIn, withPersonNames } from '../audit/people-names.js'
import { MAX_HISTORY_PAGE } from '../audit/history-page.js'
import type { ResourceService } from '../models/bind-resource.js'
import { currentActor } from '../request-context.js'
import { ForbiddenError } from 'adminjs'
import { adminCall } from './admin-errors.js'
import { accessTo } from './access.js'
import type { AdminStore } from './admin-store.js'
import type { HistoryRow } from './components/history-types.js'
import { HISTORY_COMPONENT } from './components/index.js'
import { multilineText } from '../models/fields/text.js'

export type { HistoryRow }

export interface HistoryResponse extends RecordActionResponse {
  /** The latest changes, newest first (one page: at most MAX_HISTORY_PAGE). */
  history: HistoryRow[]
  /** Changes in the whole history, so the view can say how many it does not show. */
  total: number
  /** Whether the viewer may restore an earlier revision (history and update on this record). */
  mayRestore: boolean
}

const RestoreBody = z.object({
  revision: z.coerce.number().int().min(1),
  reason: multilineText(500).optional(),
})

interface People {
  /** Actors as "name <email>": who did it. */
  readonly actors: ReadonlyMap<string, string>
  /** Plain names, for person fields in the changes (deletedBy, user_id). */
  readonly names: ReadonlyMap<string, string>
}

/** What a view line is made of: a history entry, a read, or an activity line. */
type RowSource = Pick<TrailEntry, 'revision' | 'action' | 'at' | 'actor' | 'reason' | 'changes'>

async function namesOf(context: AppContext, entries: readonly RowSource[]): Promise<People> {
  const ids = [...new Set(entries.flatMap((entry) => [entry.actor.id, ...personIdsIn(entry.changes)]))]
  const valid = ids.filter((id): id is string => typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id))
  const users = await context.models.users.find({ _id: { $in: valid } }, { name: 1, email: 1 }).lean()
  return {
    actors: new Map(users.map((user) => [String(user._id), `${user.name} <${user.email}>`])),
    names: new Map(users.map((user) => [String(user._id), user.name || user.email])),
  }
}

function who(actor: AuditActor, names: ReadonlyMap<string, string>): string {
  if (actor.kind !== 'user') return actor.name ? `${actor.kind}: ${actor.name}` : actor.kind
  const name = actor.id ? names.get(actor.id) : undefined
  return `${name ?? actor.id ?? 'unknown user'}${actor.role ? ` (${actor.role})` : ''}`
}

/** The view's lines: actors as "name <email> (role)", person fields by name. */
export async function rowsOf(context: AppContext, entries: readonly RowSource[]): Promise<HistoryRow[]> {
  const { actors, names } = await namesOf(context, entries)
  return entries.map((entry) => ({
    revision: entry.revision,
    action: entry.action,
    at: new Date(entry.at).toISOString(),
    who: who(entry.actor, actors),
    reason: entry.reason,
    changes: withPersonNames(entry.changes, names),
  }))
}

/**
 * The record action "History": GET lists the audit entries (masked as the viewer's grants say); POST with a
 * revision restores the record's fields to it, as a new audited change by the viewer.
 */
export function historyAction(
  context: AppContext,
  service: ResourceService,
  store: AdminStore,
): Partial<Action<ActionResponse>> {
  const handler = async (request: ActionRequest, _response: unknown, ctx: ActionContext): Promise<HistoryResponse> => {
    const actor = currentActor()
    const record = ctx.record
    if (!actor || !record) throw new ForbiddenError()
    const id = record.id()
    let notice: HistoryResponse['notice']
    if (request.method === 'post') {
      const body = RestoreBody.parse(request.payload ?? {})
      await adminCall(() => service.restoreRevision(actor, id, body.revision, { reason: body.reason }))
      notice = { message: `Restored to revision ${body.revision}`, type: 'success' }
    }
    // AdminJS loaded (and the read log recorded) the record for this request; only a restore makes it stale.
    const fresh = request.method === 'post' ? ((await ctx.resource.findOne(id, ctx)) ?? record) : record
    const trail = await adminCall(() => service.history(actor, id, { newestFirst: true, limit: MAX_HISTORY_PAGE }))
    const history = await rowsOf(context, trail.items)
    const params = fresh.params
    const mayRestore = can(actor, 'history', service.def.resource) && can(actor, 'update', service.def.resource, params)
    const total = trail.total
    return { record: fresh.toJSON(ctx.currentAdmin), history, total, mayRestore, ...(notice ? { notice } : {}) }
  }
  return {
    actionType: 'record',
    icon: 'Clock',
    component: HISTORY_COMPONENT,
    isAccessible: accessTo(store, 'history'),
    handler,
  }
}
