import type { Request, RequestHandler, Response, Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { principalOf } from '../../auth/authenticate.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { withStoredFiles } from '../../storage/with-stored-files.js'
import { route } from '../async-handler.js'
import { readMultipart } from '../multipart.js'
import { IdParams } from '../params.js'
import { sendData } from '../envelope.js'

// A receipt's document (seed 2's `paymentReceipt`, there a string the client made up): uploaded as multipart `file`
// (JPEG, PNG or PDF, sniffed and size-capped by the storage), kept behind the storage interface, and served only to
// whoever may read the receipt. Replacing it is one audited update; the old file's hash stays in the audit log.

const FIELD = 'receiptDocument'

interface KeptDocument {
  key: string
  contentType: string
  originalName: string
}

export function receiptDocumentRoutes(context: AppContext, router: Router, signedIn: RequestHandler): void {
  const receipts = context.resources.salesRevenue

  router.put(
    '/sales-revenue/:id/document',
    signedIn,
    route(async (req: Request, res: Response) => {
      const { id } = IdParams.parse(req.params)
      const actor = principalOf(req).actor
      // Read first: nobody uploads against a receipt they cannot see.
      await receipts.get(actor, id, { record: false })
      const body = await readMultipart(req, res, { fileFields: ['file'], maxBytes: context.config.uploads.maxBytes })
      const file = body.files.get('file')
      if (!file) throw new ValidationError('A file is required', [{ path: 'file', message: 'is required' }])
      const updated = await withStoredFiles(context.storage, [{ ...file, field: FIELD }], (stored) =>
        receipts.update(actor, id, {}, { internal: { [FIELD]: stored[FIELD] }, reason: 'receipt document uploaded' }),
      )
      sendData(res, updated)
    }),
  )

  router.get(
    '/sales-revenue/:id/document',
    signedIn,
    route(async (req: Request, res: Response) => {
      const receipt = await receipts.get(principalOf(req).actor, IdParams.parse(req.params).id)
      const kept = receipt[FIELD] as KeptDocument | null | undefined
      if (!kept) throw new NotFoundError('This receipt has no document')
      const name = kept.originalName.replace(/[^\w.-]/g, '_') || 'receipt'
      res.set('Content-Type', kept.contentType)
      res.set('Content-Disposition', `inline; filename="${name}"`)
      res.set('Cache-Control', 'private, no-store')
      res.send(await context.storage.read(kept.key))
    }),
  )
}
