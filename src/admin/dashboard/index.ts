import { fileURLToPath } from 'node:url'
import { ForbiddenError } from 'adminjs'
import type { Actor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import { adminIdOf } from '../authenticate.js'
import { componentLoader } from '../component-loader.js'
import { scopeOf } from '../../access/policy.js'
import { employeeStats } from '../../models/employee-stats.js'
import { readBookingFigures } from './booking-figures.js'
import { readLeadFigures } from './lead-figures.js'
import { readMoneyFigures } from './money-figures.js'
import { readPipelineFigures } from './pipeline-figures.js'
import { readRecentChanges } from './recent-changes.js'
import type { DashboardData } from './types.js'

export type { DashboardData } from './types.js'

/**
 * Registered when this module loads, so the build's prebundle (src/cli/bundle-admin.ts) sees it without a database.
 * No extension: the loader finds Dashboard.tsx under src/ and the compiled Dashboard.js under dist/.
 */
export const DASHBOARD_COMPONENT = componentLoader.add(
  'Dashboard',
  fileURLToPath(new URL('./Dashboard', import.meta.url)),
)

/** The pipeline report's section, rendered by the dashboard from AdminJS.UserComponents. */
export const PIPELINE_SECTION_COMPONENT = componentLoader.add(
  'PipelineSection',
  fileURLToPath(new URL('./PipelineSection', import.meta.url)),
)

/** What AdminJS hands the dashboard handler; only the session's admin is read. */
export interface DashboardHandlerContext {
  readonly currentAdmin?: unknown
}

/** The figures for one viewer, read at `now`. */
export async function loadDashboard(context: AppContext, actor: Actor, now = new Date()): Promise<DashboardData> {
  const resourceIds = new Map<string, string>(
    context.resources.all.map((service) => [service.def.resource, service.def.name]),
  )
  const { paymentLinks, paymentQrs } = context.resources
  const [bookings, leads, recentChanges, employees, money, pipelines] = await Promise.all([
    readBookingFigures(context.resources.bookings, actor, now),
    readLeadFigures(context.resources.leads, actor, now),
    readRecentChanges({ audit: context.resources.audit, users: context.models.users, resourceIds }, actor),
    scopeOf(actor, 'read', 'employees') === 'all' ? employeeStats(context.resources.employees, actor, now) : null,
    readMoneyFigures([paymentLinks, paymentQrs], actor, now),
    readPipelineFigures(context.resources, actor, now),
  ])
  return { generatedAt: now.toISOString(), bookings, leads, employees, recentChanges, money, pipelines }
}

/**
 * AdminJS's `dashboard` option. The viewer is re-read on every call (like every API request), so a deactivated user or
 * a changed role takes effect at once.
 */
export function dashboardOptions(context: AppContext): {
  component: string
  handler: (request: unknown, response: unknown, handlerContext: DashboardHandlerContext) => Promise<DashboardData>
} {
  return {
    component: DASHBOARD_COMPONENT,
    handler: async (_request, _response, handlerContext) => {
      const id = adminIdOf(handlerContext.currentAdmin)
      const principal = id === undefined ? undefined : await context.principals.load(id)
      if (!principal?.isActive) throw new ForbiddenError('Sign in again to see the dashboard')
      return loadDashboard(context, principal.actor)
    },
  }
}
