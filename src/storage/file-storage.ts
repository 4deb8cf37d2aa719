import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js'
import { sniffType, type SniffedType } from './sniff.js'

// Uploaded files (employee documents, lead attachments, receipts) behind one small interface, so an object store can
// replace the local directory. Keys are random: a file is reachable only through the authorised route that knows
// its key, never at a guessable or public URL.

/** What a record keeps about a stored file; the bytes stay in the storage. */
export interface StoredFile {
  readonly key: string
  readonly contentType: SniffedType
  readonly size: number
  /** Hex SHA-256 of the bytes: the audit trail names a replaced file by it. */
  readonly sha256: string
  /** The client's file name, for downloads only (never used as a path). */
  readonly originalName: string
}

export interface FileStorage {
  /** Checks type and size, then stores; 415 / 413 naming `field` when refused (nothing is written then). */
  put(field: string, bytes: Buffer, originalName: string): Promise<StoredFile>
  read(key: string): Promise<Buffer>
  /** Removes a stored file; a missing one is not an error (used to undo a write whose request failed). */
  remove(key: string): Promise<void>
}

export interface LocalStorageOptions {
  /** Directory holding the files (`DATA_DIR/uploads`). */
  readonly dir: string
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{32}$/

function checkedKey(key: string): string {
  // Keys come from our records, but a path must never be built from anything else.
  if (!KEY.test(key)) throw new Error('Malformed storage key')
  return key
}

/** The local-directory storage: `<dir>/<2 hex>/<32 hex>`, files 0600. */
export function localFileStorage(options: LocalStorageOptions): FileStorage {
  const full = (key: string) => path.join(options.dir, checkedKey(key))
  return {
    async put(field, bytes, originalName) {
      if (bytes.length > options.maxBytes) {
        throw new PayloadTooLargeError(`${field} is larger than ${options.maxBytes} bytes`, [
          { path: field, message: `must be at most ${options.maxBytes} bytes` },
        ])
      }
      const contentType = sniffType(bytes.subarray(0, 8))
      if (!contentType) {
        throw new UnsupportedMediaTypeError(`${field} must be a JPEG, PNG or PDF file`, [
          { path: field, message: 'must be a JPEG, PNG or PDF file' },
        ])
      }
      const name = randomBytes(16).toString('hex')
      const key = `${name.slice(0, 2)}/${name}`
      await mkdir(path.dirname(full(key)), { recursive: true, mode: 0o700 })
      await writeFile(full(key), bytes, { mode: 0o600, flag: 'wx' })
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      return { key, contentType, size: bytes.length, sha256, originalName: path.basename(originalName).slice(0, 200) }
    },
    read: (key) => readFile(full(key)),
    remove: (key) => rm(full(key), { force: true }),
  }
}
