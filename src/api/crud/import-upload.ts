import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Request, Response } from 'express'
import multer from 'multer'
import { UnsupportedMediaTypeError, ValidationError } from '../../errors.js'
import { multipartProblem } from '../multipart.js'

// An import's file is streamed to a temporary file (never held in memory), capped at IMPORT_MAX_BYTES (413), then
// typed from its bytes: an XLSX is a zip; a CSV is text. Anything else (an old binary .xls, a PDF) is a 415.

export type SheetFormat = 'csv' | 'xlsx'

export interface UploadedSheet {
  readonly file: string
  readonly format: SheetFormat
  readonly originalName: string
  /** Deletes the temporary file; called when the request is done, whatever happened. */
  readonly remove: () => Promise<void>
}

export interface UploadOptions {
  readonly tmpDir: string
  readonly maxBytes: number
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])
const CSV_NAME = /\.(csv|txt)$/i

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(count)
    const { bytesRead } = await handle.read(buffer, 0, count, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function unsupported(message: string): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(message, [{ path: 'file', message: 'must be a CSV or XLSX file' }])
}

/** CSV or XLSX from the file's bytes (and, for text, its name or type); 415 for anything else. */
async function formatOf(file: string, name: string, mimetype: string): Promise<SheetFormat> {
  const head = await firstBytes(file, 4096)
  if (head.subarray(0, 4).equals(ZIP)) return 'xlsx'
  if (head.subarray(0, 4).equals(OLE)) throw unsupported('Old binary .xls files are not read: save as XLSX or CSV')
  const textual = CSV_NAME.test(name) || /^text\/(csv|plain)\b|vnd\.ms-excel/.test(mimetype)
  if (!textual || head.includes(0)) throw unsupported('The file is neither CSV nor XLSX')
  return 'csv'
}

/** Reads the multipart field `file` to a temporary file; 415 when the body is not multipart, 413 over the cap. */
export async function receiveSheet(req: Request, res: Response, options: UploadOptions): Promise<UploadedSheet> {
  if (!req.is('multipart/form-data')) throw unsupported('Send the file as multipart/form-data, field `file`')
  mkdirSync(options.tmpDir, { recursive: true, mode: 0o700 })
  const parse = multer({
    storage: multer.diskStorage({
      destination: options.tmpDir,
      filename: (_req, _file, callback) => {
        callback(null, `${randomUUID()}.upload`)
      },
    }),
    limits: { fileSize: options.maxBytes, files: 1, fields: 10, fieldSize: 1000 },
  }).single('file')
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
  const uploaded = req.file
  if (!uploaded) throw new ValidationError('No file was sent', [{ path: 'file', message: 'is required' }])
  const file = path.resolve(uploaded.path)
  const remove = () => rm(file, { force: true })
  try {
    const format = await formatOf(file, uploaded.originalname, uploaded.mimetype)
    return { file, format, originalName: uploaded.originalname, remove }
  } catch (error) {
    await remove()
    throw error
  }
}
