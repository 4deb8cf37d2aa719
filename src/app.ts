import cors, { type CorsOptions, type CorsOptionsDelegate } from 'cors'
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { DeferredPanel } from './admin/deferred-panel.js'
import { adminPanel } from './admin/panel.js'
import { ADMIN_ROOT } from './admin/root.js'
import { adminSecurityHeaders } from './admin/security-headers.js'
import { accessLog } from './api/access-log.js'
import { errorHandler } from './api/error-handler.js'
import { healthRouter } from './api/health.js'
import { resetPageRouter } from './auth/reset-page.js'
import { legacyRouter } from './api/legacy/index.js'
import { refuseControlCharacters } from './api/refuse-control-characters.js'
import { refuseOperators } from './api/refuse-operators.js'
import { requestContext } from './api/request-context-middleware.js'
import { v1Router } from './api/v1/index.js'
import { razorpayWebhookRouter } from './api/webhooks/razorpay.js'
import type { AppContext } from './app-context.js'
import type { Config } from './config.js'
import { NotFoundError } from './errors.js'
import { docsRouter } from './openapi/docs-page.js'
import { buildOpenApiDocument } from './openapi/document.js'
import { OpenApiRegistry } from './openapi/registry.js'

/** What the browser frontends send: JSON, the raw-token header, retries' and edits' preconditions, seed headers. */
const ALLOWED_REQUEST_HEADERS = [
  'Content-Type',
  'Authorization',
  'Idempotency-Key',
  'If-Match',
  'X-Request-Id',
  // The seed frontends still send user-role/user-name; accepting the headers is harmless, they are never trusted.
  'user-role',
  'user-name',
]

/**
 * A preflight from an origin we do not serve is answered here, 204 with no CORS header at all: the browser then
 * refuses the real request. Letting it through instead would reach the routes and their 401, which reads as "log in"
 * rather than "this origin is not allowed". (cors leaves out every header whose list is empty, and a list of no
 * origins matches none.)
 */
const REFUSED_PREFLIGHT: CorsOptions = {
  origin: [],
  credentials: false,
  methods: [],
  allowedHeaders: [],
  exposedHeaders: [],
}

/** Only listed origins get CORS headers; requests without an Origin (curl, server-to-server) are not CORS at all. */
function corsOptions(config: Config): CorsOptionsDelegate {
  const allowed = new Set(config.corsOrigins)
  const served: CorsOptions = {
    origin: (origin, callback) => {
      callback(null, origin === undefined || allowed.has(origin))
    },
    credentials: true,
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'Content-Disposition'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  }
  return (req, callback) => {
    const origin = req.headers.origin
    const refused = req.method === 'OPTIONS' && origin !== undefined && !allowed.has(origin)
    callback(null, refused ? REFUSED_PREFLIGHT : served)
  }
}

/**
 * The whole HTTP surface, one request path for every request; never listens (main.ts does, tests use supertest).
 * `panel` is the admin panel's deferred router: start-app.ts passes its own to mount it once the API is up.
 */
export function buildApp(context: AppContext, panel: DeferredPanel = adminPanel(context)): Express {
  const { config, logger } = context
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.use(requestContext())
  app.use(accessLog(logger))
  app.use(refuseControlCharacters())
  // Before the API's helmet (its CSP blocks AdminJS's inline scripts) and body parsers (@adminjs/express parses its
  // own): the panel gets a CSP of its own.
  app.use(ADMIN_ROOT, adminSecurityHeaders(), panel.handler)
  app.use(helmet())
  app.use(cors(corsOptions(config)))
  // Before the JSON parser: webhook signatures are checked on the raw bytes.
  app.use('/api/v1/webhooks', razorpayWebhookRouter(context))
  app.use(express.json({ limit: config.bodyLimit }))
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit }))
  app.use(refuseOperators())
  app.use(healthRouter(context, panel))
  app.use(resetPageRouter(context))

  const registry = new OpenApiRegistry()
  app.use('/api/v1', v1Router(context, registry))
  // Built on first request, once every route is registered: converting all the routes' schemas was about half a
  // second of every start-up (profile of a restart), for a document few clients ever ask for.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined
  app.get('/api/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(registry, { title: 'CRM back office API', version: '1.0.0' })
    res.json(document)
  })
  app.use('/api/docs', docsRouter())

  app.use(legacyRouter(context))
  app.use((_req, _res, next) => {
    next(new NotFoundError('No such endpoint'))
  })
  app.use(errorHandler(logger))
  return app
}
