import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { ValidationError } from '../../errors.js'
import type { ResourceService } from '../../models/bind-resource.js'
import { text } from '../../models/fields/text.js'
import {
  addProjectFile,
  attachReceipt,
  readProjectFile,
  readReceipt,
  type FileDownload,
} from '../../models/projects/project-files.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { readMultipart } from '../multipart.js'
import { IdParams } from '../params.js'

// Uploads and downloads of the project resources' files: `POST/GET /projects/:id/files[/:fileId]` and
// `PUT/GET /{expenses,project-payments}/:id/receipt`. Mounted before the generic routers.

const UPLOAD = 'multipart/form-data with one file in the field `file` (JPEG, PNG or PDF, at most UPLOAD_MAX_BYTES)'
const FileParams = z.object({ id: z.string(), fileId: z.string() })
const FileFields = z.object({ label: text(200).optional() })

function sendFile(res: Response, file: FileDownload): void {
  const name = file.originalName.replace(/[^\w.-]/g, '_') || 'file'
  res.set('Content-Type', file.contentType)
  res.set('Content-Disposition', `inline; filename="${name}"`)
  res.set('Cache-Control', 'private, no-store')
  res.send(file.bytes)
}

export function projectFilesRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  const on = (doc: Omit<RouteDoc, 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute({ router, registry, base: '/api/v1' }, { ...doc, auth: true }, handler, authenticate(context))
  }
  const actor = (req: Request) => principalOf(req).actor
  const uploaded = async (req: Request, res: Response) => {
    const body = await readMultipart(req, res, { fileFields: ['file'], maxBytes: context.config.uploads.maxBytes })
    const file = body.files.get('file')
    if (!file) throw new ValidationError('A file is required', [{ path: 'file', message: 'is required' }])
    return { fields: body.fields, file }
  }
  const errors = [400, 403, 404, 409, 412, 413, 415]

  on(
    {
      method: 'post',
      path: '/projects/:id/files',
      tag: 'projects',
      summary: 'Add a file',
      params: IdParams,
      description: UPLOAD,
      status: 201,
      errors,
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const { fields, file } = await uploaded(req, res)
      const { label } = FileFields.parse(fields)
      sendData(res, await addProjectFile(context, actor(req), id, label ?? '', file), { status: 201 })
    },
  )
  on(
    {
      method: 'get',
      path: '/projects/:id/files/:fileId',
      tag: 'projects',
      summary: 'Download a file',
      params: FileParams,
      envelope: false,
      errors: [403, 404],
    },
    async (req, res) => {
      const { id, fileId } = FileParams.parse(req.params)
      sendFile(res, await readProjectFile(context, actor(req), id, fileId))
    },
  )
  const receipts: ReadonlyArray<[string, ResourceService]> = [
    ['expenses', context.resources.expenses],
    ['project-payments', context.resources.projectPayments],
  ]
  for (const [resource, service] of receipts) {
    on(
      {
        method: 'put',
        path: `/${resource}/:id/receipt`,
        tag: resource,
        summary: 'Upload or replace the receipt',
        params: IdParams,
        description: UPLOAD,
        errors,
      },
      async (req, res) => {
        const { id } = IdParams.parse(req.params)
        const { file } = await uploaded(req, res)
        sendData(res, await attachReceipt(context, service, actor(req), id, file))
      },
    )
    on(
      {
        method: 'get',
        path: `/${resource}/:id/receipt`,
        tag: resource,
        summary: 'Download the receipt',
        params: IdParams,
        envelope: false,
        errors: [403, 404],
      },
      async (req, res) => {
        sendFile(res, await readReceipt(context, service, actor(req), IdParams.parse(req.params).id))
      },
    )
  }
  return router
}
