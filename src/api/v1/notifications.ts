import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { listInbox, markAllRead, markRead, NotificationOut, unreadCount } from '../../notifications/inbox.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { IdParams, PageQuery, parseId } from '../params.js'

const InboxQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional().meta({ description: '`true`: only unread notifications' }),
}).strict()

/**
 * /api/v1/notifications: the signed-in user's own inbox, whatever their role. Notifications are written by the
 * engine only (declared events, reminders): there is no create, update or delete here.
 */
export function notificationsRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/notifications' }
  registry.component('Notification', NotificationOut, 'output')

  defineRoute(
    target,
    {
      method: 'get',
      path: '/',
      tag: 'notifications',
      auth: true,
      summary: 'Your notifications, newest first',
      query: InboxQuery,
      response: z.array(NotificationOut),
      errors: [400],
    },
    async (req, res) => {
      const query = InboxQuery.parse(req.query)
      const page = await listInbox(context, principalOf(req).id, { ...query, unread: query.unread === 'true' })
      sendData(res, page.items, { meta: { page: query.page, limit: query.limit, total: page.total } })
    },
  )

  defineRoute(
    target,
    {
      method: 'get',
      path: '/unread-count',
      tag: 'notifications',
      auth: true,
      summary: 'How many of your notifications are unread',
      response: z.object({ count: z.number().int() }),
    },
    async (req, res) => {
      sendData(res, { count: await unreadCount(context, principalOf(req).id) })
    },
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/read-all',
      tag: 'notifications',
      auth: true,
      summary: 'Mark all your notifications read',
      response: z.object({ updated: z.number().int() }),
    },
    async (req, res) => {
      sendData(res, { updated: await markAllRead(context, principalOf(req).id) })
    },
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/:id/read',
      tag: 'notifications',
      auth: true,
      summary: 'Mark one of your notifications read (another user’s is 404)',
      params: IdParams,
      response: NotificationOut,
      errors: [404],
    },
    async (req, res) => {
      const id = parseId(IdParams.parse(req.params).id, 'Notification not found')
      sendData(res, await markRead(context, principalOf(req).id, id))
    },
  )
  return router
}
