import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'
import { runWithContext } from '../request-context.js'

/** An incoming X-Request-Id is kept when it looks like an id (so a proxy's id joins our logs); otherwise a new one. */
const SAFE_ID = /^[\w.:-]{8,100}$/

export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID()
}

export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdOf(req.headers['x-request-id'])
    res.set('X-Request-Id', requestId)
    runWithContext({ requestId, actor: undefined }, next)
  }
}
