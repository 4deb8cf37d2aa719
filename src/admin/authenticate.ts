import type { Request } from 'express'
import type { AppContext } from '../app-context.js'
import { login } from '../auth/login.js'

/** What the session keeps about the signed-in admin; the role and grants are re-read on every request. */
export interface AdminUser {
  id: string
  email: string
  title: string
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
    return { id: result.user._id, email: result.user.email, title: `${result.user.name} (${result.user.user_role})` }
  }
}

/** The id of the session's admin, or undefined when the session holds none (or something else). */
export function adminIdOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined
  const id = (value as { id?: unknown }).id
  return typeof id === 'string' ? id : undefined
}
