import mongoose from 'mongoose'
import { ZodError } from 'zod'
import { AppError, ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js'

/** What any error becomes on the wire; `known` decides the log level (info vs error with stack). */
export interface MappedError {
  error: AppError
  known: boolean
  retryAfterSeconds?: number
}

function zodProblems(error: ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String)
    // An unknown key is a problem of that key, not of the object holding it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'is not an accepted field' }))
    }
    return [{ path: at.join('.') || '(body)', message: issue.message }]
  })
}

function duplicateKey(error: unknown): ConflictError | undefined {
  const candidate = error as { code?: unknown; keyValue?: unknown; keyPattern?: unknown }
  if (candidate.code !== 11000) return undefined
  const keys = Object.keys(candidate.keyValue ?? candidate.keyPattern ?? {})
  const details = keys.map((path) => ({ path, message: 'is already taken' }))
  return new ConflictError(`Duplicate value for ${keys.join(', ') || 'a unique field'}`, details)
}

/** body-parser marks its errors with `type` and `status`. */
function bodyParserError(error: unknown): AppError | undefined {
  const candidate = error as { type?: unknown; status?: unknown }
  if (candidate.type === 'entity.too.large')
    return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large')
  if (candidate.type === 'entity.parse.failed') {
    return new ValidationError('The request body is not valid JSON', [{ path: '(body)', message: 'is not valid JSON' }])
  }
  if (typeof candidate.type === 'string' && candidate.status === 415) {
    return new AppError(400, 'VALIDATION_FAILED', 'Unsupported request body encoding')
  }
  return undefined
}

export function mapError(error: unknown): MappedError {
  if (error instanceof AppError) {
    const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds
    return retryAfterSeconds === undefined ? { error, known: true } : { error, known: true, retryAfterSeconds }
  }
  if (error instanceof ZodError) return { error: new ValidationError('Invalid input', zodProblems(error)), known: true }
  // A malformed id cannot name anything, so it is the same as an unknown one.
  if (error instanceof mongoose.Error.CastError) return { error: new NotFoundError(), known: true }
  if (error instanceof mongoose.Error.ValidationError) {
    const details = Object.values(error.errors).map((inner) => ({ path: inner.path, message: inner.message }))
    return { error: new ValidationError('Invalid input', details), known: true }
  }
  const conflict = duplicateKey(error)
  if (conflict) return { error: conflict, known: true }
  const parser = bodyParserError(error)
  if (parser) return { error: parser, known: true }
  return { error: new AppError(500, 'INTERNAL', 'Something went wrong on our side'), known: false }
}
