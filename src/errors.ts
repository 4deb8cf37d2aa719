/** One entry of an error's `details`: which input field, and what is wrong with it. */
export interface FieldProblem {
  path: string
  message: string
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'PRECONDITION_FAILED'
  | 'REVISION_MISMATCH'
  | 'LEGAL_HOLD'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_FAILED'
  | 'INTERNAL'

/** An error we expect and answer with its own status; anything else becomes a 500 INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(400, 'VALIDATION_FAILED', message, details)
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super(401, 'UNAUTHENTICATED', message)
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'FORBIDDEN', message)
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'NOT_FOUND', message)
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(409, 'CONFLICT', message, details)
  }
}

export class GoneError extends AppError {
  constructor(message: string) {
    super(410, 'GONE', message)
  }
}

export class PreconditionFailedError extends AppError {
  constructor(message = 'The document was changed by someone else') {
    super(412, 'PRECONDITION_FAILED', message)
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(413, 'PAYLOAD_TOO_LARGE', message, details)
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message, details)
  }
}

export class RateLimitedError extends AppError {
  constructor(
    message: string,
    /** Seconds the client should wait, sent as Retry-After. */
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'RATE_LIMITED', message)
  }
}

/** A provider we depend on (Razorpay) refused or failed; our own state is consistent and the call may be retried. */
export class UpstreamError extends AppError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(502, 'UPSTREAM_FAILED', message, details)
  }
}
