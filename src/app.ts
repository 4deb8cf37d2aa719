import cors, { type CorsOptions } from 'cors'
import type { RequestListener } from 'node:http'
import express, { type Express } from 'express'
import helmet from 'helmet'
import { ADMIN_ROOT, adminRouter } from './admin/index.js'
import { adminSecurityHeaders } from './admin/security-headers.js'
import { accessLog } from './api/access-log.js'
import { errorHandler } from './api/error-handler.js'
import { healthRouter } from './api/health.js'
import { legacyRouter } from './api/legacy/index.js'
import type { PlainMiddleware } from './api/captured-headers.js'
import { withListFastPath } from './api/list-fast-path.js'
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

/** Only listed origins get CORS headers; requests without an Origin (curl, server-to-server) are not CORS at all. */
function corsOptions(config: Config): CorsOptions {
  const allowed = new Set(config.corsOrigins)
  return {
    origin: (origin, callback) => {
      callback(null, origin === undefined || allowed.has(origin))
    },
    credentials: true,
    // The seed frontends still send user-role/user-name; accepting the headers is harmless, they are never trusted.
    allowedHeaders: ['Content-Type', 'Authorization', 'If-Match', 'X-Request-Id', 'user-role', 'user-name'],
    exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  }
}

/** The Express app, and the request listener to serve: the app behind the list fast path. */
export interface Http {
  readonly app: Express
  readonly handler: RequestListener
}

/** The whole HTTP surface; never listens (main.ts does, tests use supertest on `handler`). */
export function buildHttp(context: AppContext): Http {
  const { config } = context
  // One instance of each, shared with the fast path, so both paths send the same headers.
  const securityHeaders: PlainMiddleware = helmet()
  const corsHandler: PlainMiddleware = cors(corsOptions(config))
  const app = buildApp(context, securityHeaders, corsHandler)
  return { app, handler: withListFastPath(context, { app, securityHeaders, cors: corsHandler }) }
}

function buildApp(context: AppContext, securityHeaders: PlainMiddleware, corsHandler: PlainMiddleware): Express {
  const { config, logger } = context
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.use(requestContext())
  app.use(accessLog(logger))
  // Before the API's helmet (its CSP blocks AdminJS's inline scripts) and body parsers (@adminjs/express parses its
  // own): the panel gets a CSP of its own.
  app.use(ADMIN_ROOT, adminSecurityHeaders(), adminRouter(context))
  app.use(securityHeaders)
  app.use(corsHandler)
  // Before the JSON parser: webhook signatures are checked on the raw bytes.
  app.use('/api/v1/webhooks', razorpayWebhookRouter(context))
  app.use(express.json({ limit: config.bodyLimit }))
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit }))
  app.use(refuseOperators())
  app.use(healthRouter(context))

  const registry = new OpenApiRegistry()
  app.use('/api/v1', v1Router(context, registry))
  const document = buildOpenApiDocument(registry, { title: 'CRM back office API', version: '1.0.0' })
  app.get('/api/openapi.json', (_req, res) => {
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
