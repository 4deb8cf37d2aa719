import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { recordId } from '../../models/fields/record-id.js'
import { dealBoard } from '../../models/sales/deal-board.js'
import { pipelineReport, quarterOf } from '../../models/sales/deal-report.js'
import type { OpenApiRegistry, RouteDoc } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'

// The deal views that are not CRUD: the pipeline's Kanban board and its quarterly report. Mounted before the generic
// /api/v1/deals router so `board` and `report` are not read as ids.

const BoardQuery = z.strictObject({
  pipeline: recordId('pipeline'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('deals shown per stage (counts cover all)'),
})

const ReportQuery = z.strictObject({
  pipeline: recordId('pipeline'),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, 'must look like 2026-Q4')
    .optional()
    .describe('calendar quarter (UTC); default the current one'),
})

export function dealFiguresRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/deals' }
  const on = (doc: Omit<RouteDoc, 'tag' | 'auth'>, handler: (req: Request, res: Response) => Promise<void>) => {
    defineRoute(target, { ...doc, tag: 'deals', auth: true }, handler)
  }
  const { deals, pipelines, stages } = context.resources
  const services = { deals, pipelines, stages }

  on(
    {
      method: 'get',
      path: '/board',
      summary: "A pipeline's stages in order, each with its open deals, count and value per currency",
      query: BoardQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { pipeline, limit } = BoardQuery.parse(req.query)
      sendData(res, await dealBoard(services, principalOf(req).actor, pipeline, limit))
    },
  )

  on(
    {
      method: 'get',
      path: '/report',
      summary: 'Open deals per stage, and deals won and lost in a quarter: counts and values per currency',
      query: ReportQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { pipeline, quarter } = ReportQuery.parse(req.query)
      sendData(res, await pipelineReport(services, principalOf(req).actor, pipeline, quarterOf(quarter)))
    },
  )

  return router
}
