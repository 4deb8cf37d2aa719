import AdminJSExpress from '@adminjs/express'
import AdminJS, { type AdminJSOptions, type ResourceWithOptions } from 'adminjs'
import express, { type Router } from 'express'
import formidable from 'express-formidable'
import type { AppContext } from '../app-context.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { AdminStore } from './admin-store.js'
import { adminAuthenticate } from './authenticate.js'
import { brandingOptions, brandRouter, loginTranslations } from './branding.js'
import { insecureLoginNotice } from './insecure-login.js'
import { adminPickers, attachPickers, refreshPickers } from './pickers.js'
import { componentLoader } from './component-loader.js'
import { JOBS_PAGE_COMPONENT } from './components/index.js'
import { dashboardOptions } from './dashboard/index.js'
import { notificationsPage } from './notifications-page.js'
import { employeeDocumentRoute } from './employee-documents-route.js'
import { exportRoute } from './export-route.js'
import { invoicePdfAdminRoute } from './invoice-pdf-route.js'
import { adminLocale } from './labels.js'
import { jobRunsResource } from './job-runs-resource.js'
import { rolesResource, usersResource } from './people-resources.js'
import { PolicyResource } from './policy-resource.js'
import { webhookInboxResource } from './webhook-inbox-resource.js'
import { crossSiteGuard, requestGuard } from './request-guard.js'
import { liveIdOf, liveResource, trashResource } from './resource-options.js'
import { adminSession } from './session.js'
import { sessionActor } from './session-actor.js'
import { prepareComponentsBundle } from './bundle/index.js'
import { JOBS_DASHBOARD_PATH, jobsDashboard } from '../jobs/dashboard.js'
import { ADMIN_ROOT } from './root.js'

/** Forms are small text; nothing in the panel uploads files (sizes in bytes). */
const FORM_LIMITS = { maxFieldsSize: 1024 * 1024, maxFileSize: 1024, multiples: false }

/** Every panel resource, generated from the resource list, plus users and roles. */
export function adminResources(context: AppContext): ResourceWithOptions[] {
  return [
    ...context.resources.all.flatMap((service) => [liveResource(context, service), trashResource(context, service)]),
    usersResource(context),
    rolesResource(context),
    jobRunsResource(context),
    webhookInboxResource(context),
  ]
}

export function adminOptions(context: AppContext): AdminJSOptions {
  return {
    rootPath: ADMIN_ROOT,
    resources: adminResources(context),
    componentLoader,
    dashboard: dashboardOptions(context),
    // The navigation link to Agendash at /admin/jobs.
    pages: {
      'Job dashboard': { component: JOBS_PAGE_COMPONENT, icon: 'Activity' },
      Notifications: notificationsPage(context),
    },
    branding: brandingOptions(context.config, ADMIN_ROOT),
    locale: adminLocale(context.resources.all, loginTranslations(context.config)),
    settings: { defaultPerPage: 20 },
  }
}

function storesOf(admin: AdminJS): Map<string, AdminStore> {
  const stores = new Map<string, AdminStore>()
  for (const resource of admin.resources) {
    if (resource instanceof PolicyResource) stores.set(resource.id(), resource.store)
  }
  return stores
}

/**
 * The panel at /admin: AdminJS behind a MongoDB session, every request re-resolved to its user and checked against
 * the policy before AdminJS sees it. Mount it before the JSON/urlencoded parsers (@adminjs/express refuses a body
 * another parser has read) and before helmet (whose default CSP blocks AdminJS's inline scripts).
 */
export function adminRouter(context: AppContext): Router {
  const admin = new AdminJS(adminOptions(context))
  const pickers = adminPickers(context)
  attachPickers(admin, pickers)
  // Production serves the build's prebundle (and refuses to start without it); development rebundles on first load.
  prepareComponentsBundle(admin, context.config, context.logger)
  const session = adminSession(context)
  const services = new Map<string, ResourceService>(context.resources.all.map((s) => [liveIdOf(s), s]))
  const router = express.Router()
  router.use(brandRouter(context.config))
  router.use(session.middleware)
  router.use(formidable(FORM_LIMITS))
  router.use(insecureLoginNotice(admin, context.config, context.logger))
  router.use(sessionActor(context))
  router.use(crossSiteGuard())
  router.use(requestGuard(context, storesOf(admin)))
  router.use(refreshPickers(pickers))
  router.get('/export/:resourceId', exportRoute(services))
  router.use(JOBS_DASHBOARD_PATH, jobsDashboard(context, ADMIN_ROOT))
  router.get('/employee-documents/:id/:field', employeeDocumentRoute(context))
  router.get('/invoices/:id/pdf', invoicePdfAdminRoute(context))
  return AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      authenticate: adminAuthenticate(context),
      cookiePassword: context.config.sessionSecret,
      cookieName: session.options.name,
    },
    router,
    session.options,
    FORM_LIMITS,
  )
}
