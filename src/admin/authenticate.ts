import type { Request } from 'express'
import type { AppContext } from '../app-context.js'
import { login } from '../auth/login.js'
import { verifyToken } from '../auth/tokens.js'

/** What the session keeps about the signed-in admin; the role and grants are re-read on every request. */
export interface AdminUser {
  id: string
  email: string
  title: string
  /** The user's token version at sign-in: password change, reset, logout and deactivation bump it, ending the session. */
  tv: number
}

/**
 * The panel's login: the API's own check (bcrypt password, deactivation, per-email and per-IP throttling). Its error
 * message is shown on the login page, the same wording for every failure.
 */
export function adminAuthenticate(context: AppContext) {
  return async (email: unknown, password: unknown, ctx?: { req?: Request }): Promise<AdminUser> => {
    const ip = ctx?.req?.ip ?? 'unknown'
    const result = await login(
      context,
      typeof email === 'string' ? email : '',
      typeof password === 'string' ? password : '',
      ip,
    )
    if (ctx?.req) await regenerateSession(ctx.req)
    const tv = verifyToken(context.config, result.token)?.tv ?? -1
    return {
      id: result.user._id,
      email: result.user.email,
      title: `${result.user.name} (${result.user.user_role})`,
      tv,
    }
  }
}

/**
 * A fresh session id at sign-in (session fixation): a cookie planted before the login never becomes an admin
 * session. @adminjs/express stores the user on `req.session` after this returns, i.e. on the new session.
 */
async function regenerateSession(req: Request): Promise<void> {
  const redirectTo = req.session.redirectTo
  await new Promise<void>((resolve, reject) => {
    req.session.regenerate((error: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error('session regenerate failed'))
      else resolve()
    })
  })
  if (redirectTo !== undefined) req.session.redirectTo = redirectTo
}

/** The token version the session's admin signed in with; undefined for sessions made before versions were kept. */
export function adminTokenVersionOf(value: unknown): number | undefined {
  if (!value || typeof value !== 'object') return undefined
  const tv = (value as { tv?: unknown }).tv
  return typeof tv === 'number' ? tv : undefined
}

/** The id of the session's admin, or undefined when the session holds none (or something else). */
export function adminIdOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined
  const id = (value as { id?: unknown }).id
  return typeof id === 'string' ? id : undefined
}
