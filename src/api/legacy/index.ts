import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { legacyErrorHandler } from '../error-handler.js'
import { legacyAgreementsRouter } from './agreements.js'
import { legacyBookingsRouter } from './bookings.js'
import { legacyEmployeesRouter } from './employees.js'
import { legacyEmailAddRouter, legacyEmailRouter, legacyLeadsRouter } from './leads.js'
import { legacyServicesRouter } from './services.js'
import { legacyUserBookingsRouter } from './user-bookings.js'
import { legacyUsersRouter } from './users.js'
import { legacyInvoicesRouter } from './invoices.js'
import { legacyPaymentsRouter } from './payments.js'
import { legacyWelcomeMailRouter } from './welcome-mail.js'

/**
 * Seed 1's routes, mounted at the root. Order matters where paths overlap: `/user` first takes its exact paths
 * (`/user/all`, `/user/adduser`, ...); the booking routes of a later issue (`/user/bookings/:id`, the unified search
 * `GET /user/:id?`, `/booking/...`) are added below it, so `/user/all` never reaches the search.
 */
export function legacyRouter(context: AppContext): Router {
  const router = express.Router()
  router.use('/user', legacyUsersRouter(context))
  router.use('/user', legacyUserBookingsRouter(context))
  router.use('/booking', legacyBookingsRouter(context))
  router.use('/services/api/services', legacyServicesRouter(context))
  router.use(legacyAgreementsRouter(context))
  router.use('/employee', legacyEmployeesRouter(context))
  router.use('/mail', legacyWelcomeMailRouter(context))
  router.use('/payments', legacyPaymentsRouter(context))
  router.use('/invoice', legacyInvoicesRouter(context), legacyErrorHandler(context.logger, { NOT_FOUND: 'Invoice not found' }))
  // The public form post first: it must not reach the token check of the other /email routes.
  router.use('/email', legacyEmailAddRouter(context))
  router.use('/email', legacyEmailRouter(context))
  router.use('/leads', legacyLeadsRouter(context))
  // Booking, service, employee, payment, email, lead, mail and invoice legacy routers are mounted here.
  router.use(legacyErrorHandler(context.logger))
  return router
}
