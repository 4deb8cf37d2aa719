import type { Request, Response } from 'express'
import multer, { MulterError } from 'multer'
import { PayloadTooLargeError, ValidationError } from '../errors.js'

// multipart/form-data bodies (document uploads), read into memory with hard limits. Nothing is stored here: the
// caller validates the text fields first and hands accepted files to the storage, so a refused request leaves no file.

export interface UploadedPart {
  readonly bytes: Buffer
  readonly originalName: string
}

export interface MultipartBody {
  /** Text fields (strings from a form; any JSON value from a JSON body). */
  readonly fields: Record<string, unknown>
  readonly files: ReadonlyMap<string, UploadedPart>
}

export interface MultipartOptions {
  /** The file fields accepted, one file each; any other file field is a 400 naming it. */
  readonly fileFields: readonly string[]
  /** Largest file, in bytes (UPLOAD_MAX_BYTES); larger is a 413 naming the field. */
  readonly maxBytes: number
}

/** A multer failure as the error we answer with (413 over the size cap, 400 otherwise); other errors as they are. */
export function multipartProblem(error: unknown, maxBytes: number): unknown {
  if (!(error instanceof MulterError)) return error
  const field = error.field ?? '(body)'
  if (error.code === 'LIMIT_FILE_SIZE') {
    return new PayloadTooLargeError(`${field} is larger than ${maxBytes} bytes`, [
      { path: field, message: `must be at most ${maxBytes} bytes` },
    ])
  }
  if (error.code === 'LIMIT_UNEXPECTED_FILE') {
    return new ValidationError('Unexpected file', [{ path: field, message: 'is not an accepted file field' }])
  }
  return new ValidationError('Malformed multipart body', [{ path: field, message: error.message }])
}

/** Parses the request's multipart body; a JSON or empty body gives no files and the parsed JSON fields. */
export async function readMultipart(req: Request, res: Response, options: MultipartOptions): Promise<MultipartBody> {
  if (!req.is('multipart/form-data')) {
    return { fields: { ...((req.body ?? {}) as Record<string, unknown>) }, files: new Map() }
  }
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxBytes, files: options.fileFields.length, fields: 100, fieldSize: 10_000 },
  }).fields(options.fileFields.map((name) => ({ name, maxCount: 1 })))
  await new Promise<void>((resolve, reject) => {
    parse(req, res, (error: unknown) => {
      if (!error) {
        resolve()
        return
      }
      const problem = multipartProblem(error, options.maxBytes)
      reject(problem instanceof Error ? problem : new Error(String(problem)))
    })
  })
  const uploaded = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>
  const files = new Map<string, UploadedPart>()
  for (const [field, list] of Object.entries(uploaded)) {
    const file = list?.[0]
    if (file) files.set(field, { bytes: file.buffer, originalName: file.originalname })
  }
  return { fields: { ...(req.body as Record<string, unknown>) }, files }
}
