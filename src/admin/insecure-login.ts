import type AdminJS from 'adminjs'
import type { RequestHandler } from 'express'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'

// With a Secure session cookie, a sign-in over plain HTTP "succeeds" but express-session never sends the cookie, so
// the browser lands back on the login page without a word. Say why instead, on the page and in the log.

export const INSECURE_LOGIN_MESSAGE =
  'Sign-in needs HTTPS here: the session cookie is Secure (ADMIN_SECURE_COOKIE, on in production) and this ' +
  'request reached the server over plain HTTP, so your browser would never keep the session. Open the panel over ' +
  'https://. Behind a TLS-terminating proxy, set TRUST_PROXY=true so the server sees X-Forwarded-Proto: https. ' +
  'Inside a trusted network only, ADMIN_SECURE_COOKIE=false allows plain HTTP.'

/** Answers the login page itself (GET with the notice, POST refused with it) when sign-in cannot work. */
export function insecureLoginNotice(admin: AdminJS, config: Config, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!config.admin.secureCookie || req.secure || req.path !== '/login') {
      next()
      return
    }
    if (req.method === 'POST') {
      logger.warn('admin sign-in refused: Secure session cookie over plain HTTP', {
        protocol: req.protocol,
        trustProxy: config.trustProxy,
        forwardedProto: req.get('x-forwarded-proto') ?? null,
      })
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      next()
      return
    }
    admin
      .renderLogin({ action: admin.options.loginPath, errorMessage: INSECURE_LOGIN_MESSAGE })
      .then((page) => {
        res.status(req.method === 'POST' ? 400 : 200).send(page)
      })
      .catch(next)
  }
}
