import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import proxyAddr from 'proxy-addr'
import type { Express } from 'express'
import type { AppContext } from '../app-context.js'
import { resolvePrincipal } from '../auth/authenticate.js'
import type { ResourceService } from '../models/bind-resource.js'
import { deepFreeze } from '../models/list-cache.js'
import type { ListQuery } from '../models/resource-reads.js'
import { runWithContext, type RequestContext } from '../request-context.js'
import { logWhenDone, pathOf } from './access-log.js'
import { captureHeaders, ranThrough, type PlainMiddleware } from './captured-headers.js'
import { parseListQuery } from './crud/list-query.js'
import { serializedPage } from './crud/list-response.js'
import { operatorsIn } from './refuse-operators.js'
import { requestIdOf } from './request-context-middleware.js'

/**
 * The successful `GET /api/v1/<resource>` list, answered in front of Express.
 *
 * Why: Express's per-request set-up (prototype swaps, the router walk through every mounted layer, `res.send`'s
 * content-type parsing and freshness check) costs more than a list page served from the list cache. This path runs
 * the same steps with the same pieces: the request id, the access log, the very `helmet` and `cors` middleware the
 * app uses, `resolvePrincipal`, the query parser Express is configured with, the `$`-key refusal, `parseListQuery`,
 * the resource service (policy, scope, masks, cache) and the page serializer of the Express route.
 *
 * It only ever answers 200. Any request it is not sure about (another method or path, a body, a conditional header)
 * and any failure before it starts answering (no or bad token, bad query, forbidden, database error) is handed to
 * Express untouched, which answers it as it always did: the errors keep one implementation. A list is a read, so
 * running it twice on that rare path changes nothing. tests/api/list-fast-path.test.ts holds both paths to the same
 * status, headers and body.
 */
export interface FastPathParts {
  readonly app: Express
  /** The app's own instances, so a header policy cannot differ between the two paths. */
  readonly securityHeaders: PlainMiddleware
  readonly cors: PlainMiddleware
  /** Who answers everything else; the app itself unless a test needs to tell the two apart. */
  readonly fallback?: RequestListener
}

const JSON_UTF8 = 'application/json; charset=utf-8'
const MAX_PARSED = 1000

type QueryParser = (query: string) => unknown
type TrustFunction = (address: string, hop: number) => boolean

/** Headers that make Express answer differently from a plain 200 (a 304, a body to parse). */
function needsExpress(req: IncomingMessage): boolean {
  const { headers } = req
  return (
    headers['if-none-match'] !== undefined ||
    headers['if-modified-since'] !== undefined ||
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers.authorization === undefined
  )
}

export function withListFastPath(context: AppContext, parts: FastPathParts): RequestListener {
  const { app, securityHeaders, cors } = parts
  const services = new Map<string, ResourceService>(
    context.resources.all.map((service) => [`/api/v1/${service.def.resource}`, service]),
  )
  // Express's own compiled settings, read once: the same query parsing and client-IP rules as req.query and req.ip.
  const parseQuery = app.get('query parser fn') as QueryParser
  const trust = app.get('trust proxy fn') as TrustFunction
  // Without an Origin header (same-origin and server-to-server calls, and the benchmark) helmet's and cors's headers
  // do not vary, so they are recorded once; with one, cors must see each request.
  const noOriginHeaders = captureHeaders([securityHeaders, cors], {})
  // Parsing is a pure function of the query string, and a back office asks the same few lists over and over.
  const parsed = new Map<string, ListQuery>()
  function parsedQuery(service: ResourceService, search: string): ListQuery | undefined {
    const key = `${service.def.resource}?${search}`
    let query = parsed.get(key)
    if (!query) {
      const raw = parseQuery(search)
      if (operatorsIn(raw).length > 0) return undefined
      query = deepFreeze(parseListQuery(service.def, raw))
      if (parsed.size >= MAX_PARSED) parsed.clear()
      parsed.set(key, query)
    }
    return query
  }
  const handOver: RequestListener =
    parts.fallback ??
    ((req, res) => {
      app(req, res)
    })

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    service: ResourceService,
    search: string,
    requestContext: RequestContext,
  ): Promise<boolean> {
    const principal = await resolvePrincipal(context, req.headers.authorization)
    requestContext.actor = principal.actor
    const query = parsedQuery(service, search)
    if (!query) return false
    const result = await service.list(principal.actor, query)
    const { total } = result
    const page = serializedPage(result, {
      page: query.page,
      limit: query.limit,
      total,
      pages: Math.ceil(total / query.limit),
    })
    const requestId = requestContext.requestId
    const facts = { method: 'GET', path: pathOf(req), ip: proxyAddr(req, trust) }
    if (req.headers.origin === undefined && noOriginHeaders) {
      logWhenDone(context.logger, facts, res, requestContext)
      res.writeHead(200, [
        ...noOriginHeaders,
        ...['X-Request-Id', requestId, 'Content-Type', JSON_UTF8],
        ...['Content-Length', String(page.length), 'ETag', page.etag],
      ])
      res.end(page.body)
      return true
    }
    if (!ranThrough(securityHeaders, req, res) || !ranThrough(cors, req, res)) return false
    // From here on the request is answered here: nothing below can fail before the response is written.
    res.setHeader('X-Request-Id', requestId)
    logWhenDone(context.logger, facts, res, requestContext)
    res.writeHead(200, { 'Content-Type': JSON_UTF8, 'Content-Length': page.length, ETag: page.etag })
    res.end(page.body)
    return true
  }

  return (req, res) => {
    const url = req.url ?? '/'
    const mark = url.indexOf('?')
    const service = req.method === 'GET' ? services.get(mark === -1 ? url : url.slice(0, mark)) : undefined
    if (!service || needsExpress(req)) {
      handOver(req, res)
      return
    }
    const requestContext: RequestContext = { requestId: requestIdOf(req.headers['x-request-id']), actor: undefined }
    runWithContext(requestContext, () => {
      answer(req, res, service, mark === -1 ? '' : url.slice(mark + 1), requestContext).then(
        (answered) => {
          if (!answered && !res.headersSent) handOver(req, res)
        },
        () => {
          if (!res.headersSent) handOver(req, res)
        },
      )
    })
  }
}
