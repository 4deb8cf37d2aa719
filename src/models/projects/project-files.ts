import type { Actor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import { NotFoundError } from '../../errors.js'
import { withStoredFiles, type IncomingFile, type KeptFile } from '../../storage/with-stored-files.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'

// Files of the project resources, behind the storage interface like employee documents: a project's file list, an
// expense's or a project payment's receipt. Each upload is one audited update of the internal field (the old
// receipt's hash stays in the audit entry); a refused update removes the stored file again. Downloads go through
// the service's `get`, so only callers who may read the record get its files.

export interface FileDownload {
  readonly bytes: Buffer
  readonly contentType: string
  readonly originalName: string
}

type Upload = Omit<IncomingFile, 'field'>

function filesOf(record: ResourceRecord): ResourceRecord[] {
  return Array.isArray(record.files) ? (record.files as ResourceRecord[]) : []
}

/** Adds a file to a project's list. */
export async function addProjectFile(
  app: AppContext,
  actor: Actor,
  id: string,
  label: string,
  upload: Upload,
): Promise<ResourceRecord> {
  const projects = app.resources.projects
  const current = await projects.get(actor, id, { record: false })
  return withStoredFiles(app.storage, [{ ...upload, field: 'file' }], (stored) =>
    projects.update(
      actor,
      id,
      {},
      {
        internal: { files: [...filesOf(current), { label, file: stored.file }] },
        reason: `file ${upload.originalName || label} uploaded`,
        ifRevision: Number(current._rev),
      },
    ),
  )
}

/** Sets or replaces the receipt of an expense or a project payment. */
export function attachReceipt(
  app: AppContext,
  service: ResourceService,
  actor: Actor,
  id: string,
  upload: Upload,
): Promise<ResourceRecord> {
  return withStoredFiles(app.storage, [{ ...upload, field: 'receipt' }], (stored) =>
    service.update(actor, id, {}, { internal: { receipt: stored.receipt }, reason: 'receipt uploaded' }),
  )
}

async function bytesOf(app: AppContext, file: KeptFile | undefined): Promise<FileDownload> {
  if (!file || typeof file !== 'object') throw new NotFoundError('File not found')
  return { bytes: await app.storage.read(file.key), contentType: file.contentType, originalName: file.originalName }
}

/** One of a project's files, for a caller who may read the project. */
export async function readProjectFile(
  app: AppContext,
  actor: Actor,
  id: string,
  fileId: string,
): Promise<FileDownload> {
  const project = await app.resources.projects.get(actor, id)
  const entry = filesOf(project).find((item) => String(item._id) === fileId)
  return bytesOf(app, entry?.file as KeptFile | undefined)
}

/** The receipt of a record the caller may read. */
export async function readReceipt(
  app: AppContext,
  service: ResourceService,
  actor: Actor,
  id: string,
): Promise<FileDownload> {
  const record = await service.get(actor, id)
  return bytesOf(app, (record.receipt ?? undefined) as KeptFile | undefined)
}
