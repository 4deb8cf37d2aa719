import { ForbiddenError } from 'adminjs'
import type { AppContext } from '../app-context.js'
import { listInbox, markAllRead, unreadCount } from '../notifications/inbox.js'
import { adminIdOf } from './authenticate.js'
import { NOTIFICATIONS_PAGE_COMPONENT } from './components/index.js'

// The panel's "Notifications" page: the signed-in admin's own inbox (the same queries as /api/v1/notifications),
// the unread count and the latest few; posting to the page marks them all read.

const LATEST = 10

/** What the page's component receives. */
export interface NotificationsPageData {
  readonly unread: number
  readonly latest: ReadonlyArray<{ _id: string; kind: string; message: string; read: boolean; createdAt: string }>
}

interface PageRequest {
  readonly method?: string
}

export function notificationsPage(context: AppContext) {
  return {
    component: NOTIFICATIONS_PAGE_COMPONENT,
    icon: 'Bell',
    handler: async (
      request: PageRequest,
      _response: unknown,
      handlerContext: { currentAdmin?: unknown },
    ): Promise<NotificationsPageData> => {
      const id = adminIdOf(handlerContext.currentAdmin)
      const principal = id === undefined ? undefined : await context.principals.load(id)
      if (id === undefined || !principal?.isActive) throw new ForbiddenError('Sign in again to see your notifications')
      if (request.method?.toLowerCase() === 'post') await markAllRead(context, id)
      const [unread, page] = await Promise.all([
        unreadCount(context, id),
        listInbox(context, id, { page: 1, limit: LATEST, unread: false }),
      ])
      return { unread, latest: page.items }
    },
  }
}
