import { AppError, ConflictError } from '../errors.js'

/** `If-Match` named an older revision, or another writer got there first: nothing was changed. */
export class RevisionMismatchError extends AppError {
  constructor(current?: number) {
    super(
      412,
      'REVISION_MISMATCH',
      current === undefined
        ? 'The document was changed by someone else; reload it and try again'
        : `The document is at revision ${current}; reload it and try again`,
    )
  }
}

/** A permanent delete refused because the document must be kept (e.g. a booking with money received). */
export class LegalHoldError extends AppError {
  constructor(message: string) {
    super(423, 'LEGAL_HOLD', message)
  }
}

/** A permanent delete refused because other records still name this one (and their references do not cascade). */
export class ReferencedError extends ConflictError {}
