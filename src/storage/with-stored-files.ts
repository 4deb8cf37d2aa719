import type { FileStorage, StoredFile } from './file-storage.js'

// Files accepted with a write: stored first (type and size checked by the storage), then the write runs; if any
// put or the write itself fails, every file stored for it is removed again, so a refused request leaves no orphan.

export interface IncomingFile {
  /** The form field it came in (named in 413/415 errors). */
  readonly field: string
  readonly bytes: Buffer
  readonly originalName: string
}

/** A stored file as a record keeps it: the storage's description plus when it arrived. */
export type KeptFile = StoredFile & { readonly uploadedAt: Date }

export async function withStoredFiles<T>(
  storage: FileStorage,
  files: readonly IncomingFile[],
  write: (stored: Readonly<Record<string, KeptFile>>) => Promise<T>,
): Promise<T> {
  const stored: Record<string, KeptFile> = {}
  try {
    for (const file of files) {
      const kept = await storage.put(file.field, file.bytes, file.originalName)
      stored[file.field] = { ...kept, uploadedAt: new Date() }
    }
    return await write(stored)
  } catch (error) {
    await Promise.all(Object.values(stored).map((file) => storage.remove(file.key)))
    throw error
  }
}
