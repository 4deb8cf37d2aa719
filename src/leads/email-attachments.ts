import type { Attachment } from 'mailparser'
import { AppError } from '../errors.js'
import type { FileStorage } from '../storage/file-storage.js'

// Attachments become lead documents under the same storage rules as employee documents (JPEG, PNG or PDF by their
// bytes, size-capped). Anything else is recorded without its bytes, so the office knows it was there and can ask.

export interface LeadDocument {
  readonly originalName: string
  /** What the sender declared; the stored type (when kept) is `storedType`, sniffed from the bytes. */
  readonly declaredType: string
  readonly size: number
  readonly stored: boolean
  readonly key?: string
  readonly storedType?: string
  readonly sha256?: string
  /** Why the bytes were not kept (`UNSUPPORTED_MEDIA_TYPE`, `PAYLOAD_TOO_LARGE`). */
  readonly refused?: string
}

export async function storeAttachments(
  storage: FileStorage,
  attachments: readonly Attachment[],
): Promise<LeadDocument[]> {
  const documents: LeadDocument[] = []
  for (const attachment of attachments) {
    const originalName = (attachment.filename ?? 'attachment').slice(0, 200)
    const described = { originalName, declaredType: attachment.contentType, size: attachment.size }
    try {
      const file = await storage.put('attachments', attachment.content, originalName)
      documents.push({ ...described, stored: true, key: file.key, storedType: file.contentType, sha256: file.sha256 })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      documents.push({ ...described, stored: false, refused: error.code })
    }
  }
  return documents
}

/** Undoes the stored files of a message whose lead could not be created (nothing half-ingested stays behind). */
export async function removeStored(storage: FileStorage, documents: readonly LeadDocument[]): Promise<void> {
  await Promise.all(documents.map((doc) => (doc.key === undefined ? Promise.resolve() : storage.remove(doc.key))))
}
