import type { RequestHandler } from 'express'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { route } from '../api/async-handler.js'
import { mapError } from '../api/error-mapping.js'
import { EMPLOYEE_DOCUMENT_FIELDS } from '../models/employee.js'
import { readDocument } from '../models/employee-documents.js'
import { currentActor } from '../request-context.js'

// The panel's document previews (DocumentView) load the bytes here, as the session's user: the same policy as the
// API's download route (masked roles never get the Aadhaar card), never a public URL.

const Params = z.object({ id: z.string(), field: z.enum(EMPLOYEE_DOCUMENT_FIELDS) })

export function employeeDocumentRoute(context: AppContext): RequestHandler {
  return route(async (req, res) => {
    const actor = currentActor()
    const params = Params.safeParse(req.params)
    if (!actor || !params.success) {
      res
        .status(actor ? 404 : 401)
        .type('text')
        .send(actor ? 'Not found' : 'Sign in first')
      return
    }
    try {
      const file = await readDocument(context, actor, params.data.id, params.data.field)
      res.set('Content-Type', file.contentType)
      res.set('Cache-Control', 'private, no-store')
      res.send(file.bytes)
    } catch (error) {
      const { error: mapped, known } = mapError(error)
      if (!known) throw error
      res.status(mapped.status).type('text').send(mapped.message)
    }
  })
}
