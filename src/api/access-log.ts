import type { RequestHandler } from 'express'
import type { Logger } from '../logger.js'
import { currentContext } from '../request-context.js'

/** One line per request when the response is done. The path excludes the query string: it can carry secrets. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const context = currentContext()
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl
    logger.debug('request started', { method: req.method, path, requestId: context?.requestId })
    res.on('finish', () => {
      const actor = context?.actor
      logger.info('http request', {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        requestId: context?.requestId,
        userId: actor?.kind === 'user' ? actor.id : undefined,
        ip: req.ip,
      })
    })
    next()
  }
}
