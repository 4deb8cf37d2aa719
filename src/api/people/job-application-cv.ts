import type { Response } from 'express'
import { NotFoundError, ValidationError } from '../../errors.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { withStoredFiles, type KeptFile } from '../../storage/with-stored-files.js'
import { sendData } from '../envelope.js'
import { readMultipart } from '../multipart.js'
import { IdParams } from '../params.js'
import type { PeopleRoutes } from './routes.js'

// A candidate's CV: uploaded as multipart `file` (PDF, or a JPEG/PNG scan; sniffed and size-capped by the storage),
// kept behind the storage interface, downloaded only through this route by those who may read the application.
// Replacing it is an audited update whose entry keeps the old file's hash.

function sendCv(res: Response, bytes: Buffer, file: KeptFile): void {
  const name = file.originalName.replace(/[^\w.-]/g, '_') || 'cv'
  res.set('Content-Type', file.contentType)
  res.set('Content-Disposition', `inline; filename="${name}"`)
  res.set('Cache-Control', 'private, no-store')
  res.send(bytes)
}

export function jobApplicationCvRoutes({ on, context, actor }: PeopleRoutes): void {
  const applications = context.resources.jobApplications

  on(
    {
      method: 'put',
      path: '/job-applications/:id/cv',
      summary: "Upload or replace a candidate's CV (multipart `file`: PDF, JPEG or PNG, at most UPLOAD_MAX_BYTES)",
      params: IdParams,
      errors: [400, 403, 404, 413, 415],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const body = await readMultipart(req, res, { fileFields: ['file'], maxBytes: context.config.uploads.maxBytes })
      const file = body.files.get('file')
      if (!file) throw new ValidationError('A file is required', [{ path: 'file', message: 'is required' }])
      const updated = await withStoredFiles(context.storage, [{ ...file, field: 'cv' }], (stored) =>
        applications.update(actor(req), id, {}, { internal: { cv: stored.cv }, reason: 'cv uploaded' }),
      )
      sendData(res, updated)
    },
  )

  on(
    {
      method: 'get',
      path: '/job-applications/:id/cv',
      summary: "Download a candidate's CV",
      params: IdParams,
      envelope: false,
      errors: [403, 404],
    },
    async (req, res) => {
      const record: ResourceRecord = await applications.get(actor(req), IdParams.parse(req.params).id)
      const cv = record.cv as KeptFile | null | undefined
      if (!cv) throw new NotFoundError('No CV uploaded')
      sendCv(res, await context.storage.read(cv.key), cv)
    },
  )
}
