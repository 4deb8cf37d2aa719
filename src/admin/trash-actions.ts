import {
  ForbiddenError,
  type Action,
  type ActionContext,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import type { ResourceService } from '../models/bind-resource.js'
import { currentActor } from '../request-context.js'
import { accessTo } from './access.js'
import { adminCall } from './admin-errors.js'
import type { AdminStore } from './admin-store.js'

/**
 * "Restore" on a trash view's record: back to the live list with the same id, audited. AdminJS calls a
 * component-less action with GET, so the router refuses cross-site requests to the admin API (see csrf-guard.ts).
 */
export function restoreAction(
  service: ResourceService,
  store: AdminStore,
  liveId: string,
): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon: 'RotateCcw',
    component: false,
    guard: 'Restore this record from the trash?',
    isAccessible: accessTo(store, 'restore'),
    handler: async (_request, _response, ctx: ActionContext): Promise<RecordActionResponse> => {
      const actor = currentActor()
      if (!actor || !ctx.record) throw new ForbiddenError()
      const id = ctx.record.id()
      await adminCall(() => service.restore(actor, id))
      return {
        record: ctx.record.toJSON(ctx.currentAdmin),
        notice: { message: 'Restored from the trash', type: 'success' },
        redirectUrl: ctx.h.recordActionUrl({ resourceId: liveId, recordId: id, actionName: 'show' }),
      }
    },
  }
}
