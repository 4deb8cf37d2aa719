import { AppError as AdminAppError, ForbiddenError, NotFoundError, ValidationError, type PropertyErrors } from 'adminjs'
import { mapError } from '../api/error-mapping.js'

/**
 * Turns a model-layer error into the AdminJS error its UI understands: field problems (zod, cross-field checks,
 * duplicate keys) become a ValidationError so each message shows under its field; refusals become AdminJS's own
 * ForbiddenError/NotFoundError; other known errors become a notice. Unknown errors pass through untouched.
 */
export function toAdminError(error: unknown): Error {
  const mapped = mapError(error)
  if (!mapped.known) return error instanceof Error ? error : new Error(String(error))
  const { status, message, details } = mapped.error
  if (details.length > 0 && (status === 400 || status === 409)) {
    const errors: PropertyErrors = {}
    for (const problem of details) errors[problem.path] = { message: problem.message, type: 'validation' }
    return new ValidationError(errors, { message: firstLine(message, details), type: 'validation' })
  }
  if (status === 403) return new ForbiddenError(message)
  if (status === 404) return new NotFoundError(message, 'PolicyResource')
  return new AdminAppError(message, {}, { message, type: 'error' })
}

/** The notice above the form names the first problem, so a rule on a field the form does not show is still read. */
function firstLine(message: string, details: ReadonlyArray<{ path: string; message: string }>): string {
  const [first] = details
  return first ? `${message}: ${first.path} ${first.message}` : message
}

/** Runs a model-layer call, rethrowing its errors as AdminJS errors. */
export async function adminCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toAdminError(error)
  }
}
