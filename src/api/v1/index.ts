import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { NotFoundError } from '../../errors.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { billingRouter } from '../billing/index.js'
import { resourceRouters } from '../crud/index.js'
import { leadsRouter } from '../leads/index.js'
import { dealFiguresRouter } from '../sales/deal-figures-routes.js'
import { peopleRouter } from '../people/routes.js'
import { authRouter } from './auth.js'
import { calendarRouter } from './calendar.js'
import { jobRunsRouter } from './job-runs.js'
import { employeesRouter } from './employees.js'
import { invoicePdfRouter } from './invoice-pdf.js'
import { notificationsRouter } from './notifications.js'
import { permissionsRouter } from './permissions.js'
import { projectFilesRouter } from './project-files.js'
import { projectMembersRouter } from './project-members.js'
import { rolesRouter } from './roles.js'
import { ticketSlaRouter } from './ticket-sla.js'
import { usersRouter } from './users.js'

/** /api/v1: the envelope API. Later issues add the resource routers (crud-router) here. */
export function v1Router(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use('/auth', authRouter(context, registry))
  router.use('/users', usersRouter(context, registry))
  router.use('/roles', rolesRouter(context, registry))
  router.use('/permissions', permissionsRouter(context, registry))
  router.use('/job-runs', jobRunsRouter(context, registry))
  router.use('/notifications', notificationsRouter(context, registry))
  // Before the generic routers: /employees/me and /employees/stats are not ids.
  router.use('/employees', employeesRouter(context, registry))
  router.use('/invoices', invoicePdfRouter(context))
  router.use('/leads', leadsRouter(context, registry))
  router.use('/deals', dealFiguresRouter(context, registry))
  router.use(peopleRouter(context, registry))
  router.use(billingRouter(context, registry))
  // Before the generic routers: /projects/membersadd/:id and /tickets/sla-breaches are not ids.
  router.use('/projects', projectMembersRouter(context, registry))
  router.use('/tickets', ticketSlaRouter(context, registry))
  router.use('/calendar', calendarRouter(context, registry))
  router.use(projectFilesRouter(context, registry))
  router.use(resourceRouters(context, registry))
  router.use((_req, _res, next) => {
    next(new NotFoundError('No such endpoint'))
  })
  return router
}
