import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { EMPLOYEE_DOCUMENT_FIELDS } from '../../models/employee.js'
import {
  addDocument,
  OTHER_DOCUMENT_KINDS,
  readDocument,
  replaceDocument,
  type DocumentDownload,
} from '../../models/employee-documents.js'
import { employeeStats } from '../../models/employee-stats.js'
import { text } from '../../models/fields/text.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { readMultipart } from '../multipart.js'
import { IdParams } from '../params.js'

// The HR verbs that are not CRUD: the caller's own profile, the figures, and documents. Mounted before the generic
// /api/v1/employees router so `me` and `stats` are not read as ids.

const DocumentParams = z.object({ id: z.string(), field: z.enum(EMPLOYEE_DOCUMENT_FIELDS) })
const OtherParams = z.object({ id: z.string(), documentId: z.string() })
const OtherFields = z.strictObject({ kind: z.enum(OTHER_DOCUMENT_KINDS), label: text(200).optional() })
const UPLOAD = 'multipart/form-data with one file in the field `file` (JPEG, PNG or PDF, at most UPLOAD_MAX_BYTES)'

function sendFile(res: Response, file: DocumentDownload): void {
  const name = file.originalName.replace(/[^\w.-]/g, '_') || 'document'
  res.set('Content-Type', file.contentType)
  res.set('Content-Disposition', `inline; filename="${name}"`)
  // Identity documents: never kept by a shared cache.
  res.set('Cache-Control', 'private, no-store')
  res.send(file.bytes)
}

export function employeesRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/employees' }
  const on = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute(target, { ...doc, tag: 'employees', auth: true }, handler)
  }
  const actor = (req: Request) => principalOf(req).actor
  const employees = context.resources.employees
  const uploaded = async (req: Request, res: Response) => {
    const body = await readMultipart(req, res, { fileFields: ['file'], maxBytes: context.config.uploads.maxBytes })
    const file = body.files.get('file')
    if (!file) throw new ValidationError('A file is required', [{ path: 'file', message: 'is required' }])
    return { fields: body.fields, file }
  }

  on({ method: 'get', path: '/me', summary: "The signed-in user's own profile", errors: [404] }, async (req, res) => {
    const me = principalOf(req)
    const { items } = await employees.list(me.actor, { page: 1, limit: 1, filter: { userId: me.id } })
    const own = items[0]
    if (!own) throw new NotFoundError('Profile not found')
    sendData(res, await employees.get(me.actor, String(own._id)))
  })

  on(
    {
      method: 'get',
      path: '/stats',
      summary: 'Headcount by department, branch, status; reviews; joiners; birthdays',
      errors: [403],
    },
    async (req, res) => {
      sendData(res, await employeeStats(employees, actor(req)))
    },
  )

  on(
    {
      method: 'put',
      path: '/:id/documents/:field',
      summary: 'Upload or replace the photo or Aadhaar card',
      params: DocumentParams,
      description: UPLOAD,
      errors: [400, 403, 404, 409, 413, 415],
    },
    async (req, res) => {
      const { id, field } = DocumentParams.parse(req.params)
      const { file } = await uploaded(req, res)
      sendData(res, await replaceDocument(context, actor(req), id, field, file))
    },
  )

  on(
    {
      method: 'post',
      path: '/:id/documents',
      summary: 'Add a further document (offer letter, ID proof...)',
      params: IdParams,
      description: `${UPLOAD}, plus \`kind\` and \`label\``,
      status: 201,
      errors: [400, 403, 404, 409, 413, 415],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const { fields, file } = await uploaded(req, res)
      const { kind, label } = OtherFields.parse(fields)
      sendData(res, await addDocument(context, actor(req), id, { kind, label: label ?? '' }, file), { status: 201 })
    },
  )

  on(
    {
      method: 'get',
      path: '/:id/documents/:field',
      summary: 'Download the photo or Aadhaar card (not for masked roles)',
      params: DocumentParams,
      envelope: false,
      errors: [403, 404],
    },
    async (req, res) => {
      const { id, field } = DocumentParams.parse(req.params)
      sendFile(res, await readDocument(context, actor(req), id, field))
    },
  )

  on(
    {
      method: 'get',
      path: '/:id/documents/other/:documentId',
      summary: 'Download a further document',
      params: OtherParams,
      envelope: false,
      errors: [403, 404],
    },
    async (req, res) => {
      const { id, documentId } = OtherParams.parse(req.params)
      sendFile(res, await readDocument(context, actor(req), id, 'documents', documentId))
    },
  )

  return router
}
