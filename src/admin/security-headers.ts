import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * helmet for the panel. AdminJS renders its page with an inline script (the initial state) and styled-components
 * inject inline styles, so its CSP allows inline scripts and styles from this origin only; everything else (frames,
 * objects, other origins, form targets) stays locked down, and the other helmet headers apply unchanged. AdminJS's
 * Google Fonts stylesheet is blocked on purpose: the panel loads nothing from outside and falls back to system fonts.
 */
export function adminSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        // A back office is often reached over plain HTTP on an internal network; upgrading would break its assets.
        upgradeInsecureRequests: null,
      },
    },
    // Not helmet's `no-referrer`: under it browsers send `Origin: null` on the panel's own POSTs, and the cross-site
    // guard (request-guard.ts) needs the real origin. `same-origin` still sends nothing to other sites.
    referrerPolicy: { policy: 'same-origin' },
  })
}
