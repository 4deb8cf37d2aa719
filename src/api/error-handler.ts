import type { ErrorRequestHandler, Response } from 'express'
import type { Logger } from '../logger.js'
import { currentContext } from '../request-context.js'
import type { AppError } from '../errors.js'
import { mapError, type MappedError } from './error-mapping.js'

function report(logger: Logger, mapped: MappedError, original: unknown): void {
  const { error } = mapped
  if (mapped.known) logger.info('request refused', { status: error.status, code: error.code, reason: error.message })
  else logger.error('request failed', { error: original })
}

function prepare(res: Response, mapped: MappedError): void {
  if (mapped.retryAfterSeconds !== undefined) res.set('Retry-After', String(mapped.retryAfterSeconds))
}

/** The one error path of every door: map, log, set headers, then answer with the door's body shape. */
function handlerWith(logger: Logger, body: (error: AppError) => Record<string, unknown>): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const mapped = mapError(err)
    report(logger, mapped, err)
    prepare(res, mapped)
    res.status(mapped.error.status).json(body(mapped.error))
  }
}

/** The /api/v1 envelope: `{ success: false, message, code, details, requestId }`; stacks stay in the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return handlerWith(logger, (error) => ({
    success: false,
    message: error.message,
    code: error.code,
    details: error.details,
    requestId: currentContext()?.requestId,
  }))
}

/**
 * Seed-1 routes: the frontends read `error.response.data.message`, so the body keeps `{ message }` (plus `code` and
 * `details`, which old clients ignore). `messages` replaces the message for a code where the seed had fixed wording.
 */
export function legacyErrorHandler(
  logger: Logger,
  messages: Partial<Record<string, string>> = {},
): ErrorRequestHandler {
  return handlerWith(logger, (error) => ({
    message: messages[error.code] ?? legacyMessage(error),
    code: error.code,
    details: error.details,
  }))
}

/** Seed frontends only show `message`, so validation failures name their fields in it. */
function legacyMessage(error: AppError): string {
  if (error.code !== 'VALIDATION_FAILED' || error.details.length === 0) return error.message
  return error.details.map((problem) => `${problem.path} ${problem.message}`).join('; ')
}
