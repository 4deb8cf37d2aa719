import type { Action, ActionContext, ActionResponse } from 'adminjs'
import { ForbiddenError } from 'adminjs'
import type { AppContext } from '../app-context.js'
import { MAX_HISTORY_PAGE } from '../audit/history-page.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { ChildLink } from '../models/resource-children.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import type { AdminStore } from './admin-store.js'
import { HISTORY_COMPONENT } from './components/index.js'
import { rowsOf, type HistoryResponse } from './history-action.js'

/**
 * The record action "Activity" on resources with children: the record's changes and its children's, newest first,
 * in the history view (one page, MAX_HISTORY_PAGE lines). The same engine call as GET /:id/activity.
 */
export function activityAction(
  context: AppContext,
  service: ResourceService,
  store: AdminStore,
  children: readonly ChildLink[],
): Partial<Action<ActionResponse>> {
  const handler = async (_request: unknown, _response: unknown, ctx: ActionContext): Promise<HistoryResponse> => {
    const actor = currentActor()
    const record = ctx.record
    if (!actor || !record) throw new ForbiddenError()
    const timeline = await adminCall(() => service.activity(actor, record.id(), children, { limit: MAX_HISTORY_PAGE }))
    const rows = await rowsOf(context, timeline.items)
    const history = rows.map((row, index) => {
      const line = timeline.items[index]
      const own = line?.resource === service.def.resource
      return own || !line ? row : { ...row, subject: `${line.resource}: ${line.label ?? line.documentId}` }
    })
    return { record: record.toJSON(ctx.currentAdmin), history, total: timeline.total, mayRestore: false }
  }
  return {
    actionType: 'record',
    icon: 'Activity',
    component: HISTORY_COMPONENT,
    isAccessible: accessTo(store, 'activity'),
    handler,
  }
}
