import type { Doc } from './engine/bson-values.js'

/** MongoDB error codes this server answers with, by name, as the drivers and libraries key on them. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  ConflictingUpdateOperators: 40,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  CursorKilled: 237,
  Interrupted: 11601,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotCreateIndex: 67,
  NoSuchTransaction: 251,
  Location40352: 40352,
  DuplicateKey: 11000,
} as const

export type ErrorCodeName = keyof typeof ErrorCode

/** An error answered to the client as `{ ok: 0, errmsg, code, codeName, ...extra }`. */
export class MongoCommandError extends Error {
  readonly code: number
  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    readonly extra: Doc = {},
  ) {
    super(message)
    this.code = ErrorCode[codeName]
  }

  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra }
  }
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError('BadValue', message)
}

/** Any thrown value (including mingo's errors for unknown operators) as a command error. */
export function asCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new MongoCommandError('BadValue', message)
}
