import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { runWithContext } from '../request-context.js'
import { adminIdOf, adminTokenVersionOf } from './authenticate.js'

/**
 * Re-reads the session's user on every panel request (briefly cached, like the API's tokens), so a deactivated
 * user or a changed role takes effect at once, and runs the rest of the request with that user as the actor: the
 * model layer's audit entries then name the admin. A session whose user is gone or inactive, or whose token version
 * is stale (password changed or reset, API logout, deactivation), is ended.
 *
 * Re-entering the request context here also restores it after the multipart parser, whose stream callbacks run
 * outside the context the request started in.
 */
export function sessionActor(context: AppContext): RequestHandler {
  return (req, res, next) => {
    const requestId = res.get('X-Request-Id') ?? randomUUID()
    const id = adminIdOf(req.session.adminUser)
    const resolve = async (): Promise<Actor | undefined> => {
      if (id === undefined) return undefined
      const principal = await context.principals.load(id)
      const tv = adminTokenVersionOf(req.session.adminUser)
      if (principal?.isActive && principal.tokenVersion === tv) return principal.actor
      // AdminJS then sends the browser to the login page.
      delete req.session.adminUser
      return undefined
    }
    resolve().then((actor) => {
      runWithContext({ requestId, actor }, next)
    }, next)
  }
}

declare module 'express-session' {
  interface SessionData {
    /** Set by @adminjs/express at login: the value our authenticate returned (src/admin/authenticate.ts). */
    adminUser?: unknown
    /** Where @adminjs/express sends the browser after sign-in. */
    redirectTo?: string
  }
}
