import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import type { Logger } from '../logger.js'
import { currentContext, type RequestContext } from '../request-context.js'

/** What the access log says about one request, known when it arrives. */
export interface RequestFacts {
  method: string
  /** Without the query string: it can carry secrets. */
  path: string
  ip: string | undefined
}

/**
 * Writes the request's line when its response is done. Winston formats a message before its level filter drops it,
 * so the level is checked here first: per-request lines would otherwise cost on every request at any level.
 */
export function logWhenDone(
  logger: Logger,
  facts: RequestFacts,
  res: ServerResponse,
  context: RequestContext | undefined,
): void {
  const started = process.hrtime.bigint()
  if (logger.isDebugEnabled()) {
    logger.debug('request started', { method: facts.method, path: facts.path, requestId: context?.requestId })
  }
  if (!logger.isInfoEnabled()) return
  res.on('finish', () => {
    const actor = context?.actor
    logger.info('http request', {
      method: facts.method,
      path: facts.path,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      requestId: context?.requestId,
      userId: actor?.kind === 'user' ? actor.id : undefined,
      ip: facts.ip,
    })
  })
}

export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/'
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/** One line per request when the response is done. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl
    logWhenDone(logger, { method: req.method, path, ip: req.ip }, res, currentContext())
    next()
  }
}
