import type { Actor } from '../access/actor.js'
import { maskedFields } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import { withStoredFiles, type IncomingFile, type KeptFile } from '../storage/with-stored-files.js'
import type { ResourceRecord } from './define-resource.js'
import type { EMPLOYEE_DOCUMENT_FIELDS } from './employee.js'

// An employee's documents: the photo and Aadhaar card (one each; replacing one leaves the old one's hash, size and
// uploader in the audit entry of the change, and its bytes in the storage) and any further documents (a list).

export type DocumentField = (typeof EMPLOYEE_DOCUMENT_FIELDS)[number]
export const OTHER_DOCUMENT_KINDS = ['offer_letter', 'id_proof', 'other'] as const
export type OtherDocumentKind = (typeof OTHER_DOCUMENT_KINDS)[number]

/** Replaces the photo or the Aadhaar card: one audited update; the file is removed again if the update fails. */
export function replaceDocument(
  app: AppContext,
  actor: Actor,
  id: string,
  field: DocumentField,
  file: Omit<IncomingFile, 'field'>,
): Promise<ResourceRecord> {
  return withStoredFiles(app.storage, [{ ...file, field }], (stored) =>
    app.resources.employees.update(
      actor,
      id,
      {},
      { internal: { [field]: stored[field] }, reason: `${field} uploaded` },
    ),
  )
}

/** Adds a further document to the list (the whole list is one audited field, so the entry shows what was added). */
export async function addDocument(
  app: AppContext,
  actor: Actor,
  id: string,
  document: { kind: OtherDocumentKind; label: string },
  file: Omit<IncomingFile, 'field'>,
): Promise<ResourceRecord> {
  const current = await app.resources.employees.get(actor, id, { record: false })
  const existing = Array.isArray(current.documents) ? (current.documents as ResourceRecord[]) : []
  return withStoredFiles(app.storage, [{ ...file, field: 'file' }], (stored) =>
    app.resources.employees.update(
      actor,
      id,
      {},
      {
        internal: { documents: [...existing, { ...document, file: stored.file }] },
        reason: `${document.kind} uploaded`,
        ifRevision: current._rev as number,
      },
    ),
  )
}

export interface DocumentDownload {
  readonly bytes: Buffer
  readonly contentType: string
  readonly originalName: string
}

function fileOf(record: ResourceRecord, field: string, documentId: string | undefined): KeptFile | undefined {
  if (documentId === undefined) return (record[field] ?? undefined) as KeptFile | undefined
  const list = Array.isArray(record.documents) ? (record.documents as ResourceRecord[]) : []
  const entry = list.find((item) => String(item._id) === documentId)
  return entry?.file as KeptFile | undefined
}

/**
 * A document's bytes for a caller who may read the profile (the employee, HR...). A field masked for the caller
 * (the Aadhaar card for senior admin) is refused: masked roles never get the image.
 */
export async function readDocument(
  app: AppContext,
  actor: Actor,
  id: string,
  field: DocumentField | 'documents',
  documentId?: string,
): Promise<DocumentDownload> {
  if (maskedFields(actor, 'employees').includes(field)) throw new ForbiddenError(`You may not see ${field}`)
  const record = await app.resources.employees.get(actor, id)
  const file = fileOf(record, field, documentId)
  if (!file || typeof file !== 'object') throw new NotFoundError('Document not found')
  return { bytes: await app.storage.read(file.key), contentType: file.contentType, originalName: file.originalName }
}
