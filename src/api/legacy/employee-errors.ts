import type { ErrorRequestHandler } from 'express'
import type { Logger } from '../../logger.js'
import { mapError } from '../error-mapping.js'

/**
 * Seed 1's /employee routes answered failures as `{ error, details }` (the Create Profile page shows `error`);
 * `message` is added for the pages that read it. The status codes are ours (409 for a second profile, 415, 413...).
 */
export function legacyEmployeeErrors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const { error, known } = mapError(err)
    if (known) logger.info('request refused', { status: error.status, code: error.code, reason: error.message })
    else logger.error('request failed', { error: err })
    const summary =
      error.code === 'VALIDATION_FAILED' && error.details.length > 0
        ? error.details.map((problem) => `${problem.path} ${problem.message}`).join('; ')
        : error.message
    res.status(error.status).json({ error: summary, message: summary, code: error.code, details: error.details })
  }
}
