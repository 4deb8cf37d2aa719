import type { Request, RequestHandler, Response } from 'express'
import type { AppContext } from '../app-context.js'
import { mapError } from '../api/error-mapping.js'
import { currentActor } from '../request-context.js'
import { mayRun } from './access.js'
import type { AdminStore } from './admin-store.js'

/** What a panel URL asks for: the AdminJS resource, the action, and the record when there is one. */
interface Target {
  resourceId: string
  action: string
  recordId?: string
  api: boolean
}

// The pages and API routes of @adminjs/express (lib/convertRoutes) and our export route.
const ROUTES: ReadonlyArray<{ pattern: RegExp; fields: ReadonlyArray<'resourceId' | 'action' | 'recordId'> }> = [
  { pattern: /^\/(api\/)?resources\/([^/]+)\/records\/([^/]+)\/([^/]+)/, fields: ['resourceId', 'recordId', 'action'] },
  { pattern: /^\/(api\/)?resources\/([^/]+)\/(?:actions|bulk)\/([^/]+)/, fields: ['resourceId', 'action'] },
  { pattern: /^\/(api\/)?resources\/([^/]+)\/search(?:\/|$)/, fields: ['resourceId'] },
  { pattern: /^\/(api\/)?resources\/([^/]+)\/?$/, fields: ['resourceId'] },
  { pattern: /^\/(api\/)?export\/([^/]+)\/?$/, fields: ['resourceId'] },
]

export function targetOf(path: string): Target | undefined {
  for (const { pattern, fields } of ROUTES) {
    const match = pattern.exec(path)
    if (!match) continue
    const values = match.slice(2).map((part) => decodeURIComponent(part))
    const target: Target = { resourceId: '', action: 'list', api: match[1] !== undefined }
    for (const [index, field] of fields.entries()) target[field] = values[index] ?? ''
    if (path.includes('/search')) target.action = 'search'
    if (/^\/(api\/)?export\//.test(path)) target.action = 'export'
    return target
  }
  return undefined
}

function refuse(req: Request, res: Response, status: number, message: string): void {
  if (req.path.startsWith('/api/')) {
    res.status(status).json({ notice: { message, type: 'error' } })
    return
  }
  res.status(status).type('html').send(`<!doctype html><title>${status}</title><h1>${status}</h1><p>${message}</p>`)
}

/**
 * Refuses, with a real 403/404, any panel page or admin API call that the policy does not allow: AdminJS alone
 * would hide the buttons but answer a direct request with a 200 carrying an error notice. Record URLs are also
 * checked against the record itself (scope: a bdm's own bookings only).
 */
export function requestGuard(context: AppContext, stores: ReadonlyMap<string, AdminStore>): RequestHandler {
  return (req, res, next) => {
    const target = targetOf(req.path)
    const actor = currentActor()
    // Signed-out requests go on to AdminJS's own redirect to the login page.
    if (!target || !actor) {
      next()
      return
    }
    const store = stores.get(target.resourceId)
    if (!store) {
      refuse(req, res, 404, 'No such resource')
      return
    }
    if (!mayRun(store, actor, target.action)) {
      refuse(req, res, 403, 'You are not allowed to do this')
      return
    }
    if (target.recordId === undefined) {
      next()
      return
    }
    const recordId = target.recordId
    // Only an access check: AdminJS then loads the record itself, and that load is the read that gets recorded.
    store.get(actor, recordId, { record: false }).then(
      (record) => {
        if (mayRun(store, actor, target.action, record)) next()
        else refuse(req, res, 403, 'You are not allowed to do this')
      },
      (error: unknown) => {
        const { error: mapped, known } = mapError(error)
        if (!known) {
          next(error)
          return
        }
        context.logger.info('admin request refused', { status: mapped.status, path: req.path })
        refuse(req, res, mapped.status, mapped.message)
      },
    )
  }
}

/** The origin a header names (`Origin`, or the origin part of `Referer`); `null` for an opaque or unreadable one. */
function originOf(value: string): string | null {
  if (value === 'null') return null
  try {
    return new URL(value).origin
  } catch {
    return null
  }
}

/** True when the request says it comes from a page of another origin than the panel's own. */
function fromOtherOrigin(req: Request): boolean {
  const claimed = req.get('origin') ?? req.get('referer')
  if (claimed === undefined) return false
  return originOf(claimed) !== `${req.protocol}://${req.get('host') ?? ''}`
}

/**
 * AdminJS runs some actions (e.g. restore from trash) with GET, and its session cookie is sent on top-level
 * navigations from other sites (SameSite=Lax); browsers label such requests, so the admin API refuses them. Browsers
 * that send no `Sec-Fetch-Site` still send `Origin` on every cross-origin POST, so a state-changing request is also
 * refused when its `Origin` (or, without one, its `Referer`) is not the panel's own. Requests with neither come from
 * non-browser clients, which carry no ambient cookie to abuse.
 */
export function crossSiteGuard(): RequestHandler {
  return (req, res, next) => {
    const site = req.get('sec-fetch-site')
    const unsafe = req.method !== 'GET' || req.path.startsWith('/api/')
    const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none'
    if (unsafe && (crossSite || fromOtherOrigin(req))) {
      refuse(req, res, 403, 'Cross-site requests to the admin are refused')
      return
    }
    next()
  }
}
