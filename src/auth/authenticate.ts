import type { Request, RequestHandler } from 'express'
import { middleware } from '../api/async-handler.js'
import type { AppContext } from '../app-context.js'
import { UnauthenticatedError } from '../errors.js'
import { currentContext } from '../request-context.js'
import type { Principal } from './principals.js'
import { tokenFromHeader, verifyToken } from './tokens.js'

const principals = new WeakMap<Request, Principal>()

/** The signed-in user of a request that passed `authenticate`. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req)
  if (!principal) throw new UnauthenticatedError()
  return principal
}

/** Resolves the caller from the token, re-reading the user so deactivation, role and token-version changes apply. */
export async function resolvePrincipal(context: AppContext, header: string | undefined): Promise<Principal> {
  const token = tokenFromHeader(header)
  if (!token) throw new UnauthenticatedError('Authentication required')
  const claims = verifyToken(context.config, token)
  if (!claims) throw new UnauthenticatedError('Invalid or expired token')
  const principal = await context.principals.load(claims.userId)
  if (!principal?.isActive || principal.tokenVersion !== claims.tv) {
    throw new UnauthenticatedError('Invalid or expired token')
  }
  return principal
}

/** Requires a valid token; afterwards the request context carries the actor (logs, audit, policy). */
export function authenticate(context: AppContext): RequestHandler {
  return middleware(async (req) => {
    const principal = await resolvePrincipal(context, req.headers.authorization)
    principals.set(req, principal)
    const requestContext = currentContext()
    if (requestContext) requestContext.actor = principal.actor
  })
}
