import { randomUUID } from 'node:crypto'
import type { Request, Response } from 'express'
import { z } from 'zod'
import { can } from '../../access/policy.js'
import type { AppContext } from '../../app-context.js'
import { principalOf } from '../../auth/authenticate.js'
import { ForbiddenError } from '../../errors.js'
import type { ImportReport } from '../../imports/import-report.js'
import { csvRows } from '../../imports/csv-rows.js'
import { runImport } from '../../imports/run-import.js'
import { xlsxRows } from '../../imports/xlsx-rows.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { RouteDoc } from '../../openapi/registry.js'
import { currentContext } from '../../request-context.js'
import { sendData } from '../envelope.js'
import { csvLine } from './csv.js'
import { receiveSheet } from './import-upload.js'

// `POST /api/v1/<resource>/import`: a CSV or XLSX file whose header row names create-input fields, one record per
// row (src/imports/). `GET /import/template.csv`: that header row, to fill in.

type On = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => void

const ImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').describe('`true`: check every row, write nothing'),
  mode: z
    .enum(['all-or-nothing', 'valid-only'])
    .default('all-or-nothing')
    .describe('`all-or-nothing`: any bad row and nothing is written; `valid-only`: valid rows are written'),
})

function summary(report: ImportReport): string {
  if (report.dryRun) return `Checked ${report.total} rows: ${report.badRows} bad`
  return `Imported ${report.written} of ${report.total} rows`
}

/** All-or-nothing refused: nothing was written, so this is bad input (400) naming each bad cell, with the report. */
function sendRefused(res: Response, report: ImportReport): void {
  res.status(400).json({
    success: false,
    message: `${report.badRows} of ${report.total} rows are invalid: nothing was imported`,
    code: 'VALIDATION_FAILED',
    details: report.bad.map((bad) => ({ path: `rows.${bad.line}.${bad.field}`, message: bad.message })),
    requestId: currentContext()?.requestId,
    data: report,
  })
}

export function importRoutes(on: On, context: AppContext, service: ResourceService): void {
  const { def } = service
  const mayCreate = (req: Request) => {
    const { actor } = principalOf(req)
    if (!can(actor, 'create', def.resource)) throw new ForbiddenError(`You may not create ${def.resource}`)
    return actor
  }

  on(
    {
      method: 'get',
      path: '/import/template.csv',
      summary: `The header row an import of ${def.resource} takes`,
      envelope: false,
      errors: [403],
    },
    async (req, res) => {
      mayCreate(req)
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${def.resource}-template.csv"`,
      })
      res.send(csvLine(Object.keys(def.input.shape)))
      await Promise.resolve()
    },
  )

  on(
    {
      method: 'post',
      path: '/import',
      summary: `Import ${def.resource} from a CSV or XLSX file (multipart field \`file\`; header row = field names)`,
      query: ImportQuery,
      errors: [400, 403, 413, 415],
    },
    async (req, res) => {
      const actor = mayCreate(req)
      const query = ImportQuery.parse(req.query)
      const sheet = await receiveSheet(req, res, context.config.imports)
      try {
        const report = await runImport({
          service,
          actor,
          audit: context.resources.audit,
          rows: () => (sheet.format === 'xlsx' ? xlsxRows(sheet.file) : csvRows(sheet.file)),
          importId: randomUUID(),
          mode: query.mode,
          dryRun: query.dryRun === 'true',
        })
        context.logger.info('import finished', { resource: def.resource, format: sheet.format, ...counts(report) })
        if (!report.dryRun && report.mode === 'all-or-nothing' && report.badRows > 0) sendRefused(res, report)
        else sendData(res, report, { status: report.written > 0 ? 201 : 200, message: summary(report) })
      } finally {
        await sheet.remove()
      }
    },
  )
}

function counts(report: ImportReport): Record<string, unknown> {
  const { importId, mode, dryRun, total, written, badRows, rolledBack } = report
  return { importId, mode, dryRun, total, written, badRows, rolledBack }
}
