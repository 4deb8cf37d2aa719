import type { Actor } from '../../access/actor.js'
import { scopeOf } from '../../access/policy.js'
import type { Resources } from '../../models/index.js'
import { pipelineReport, quarterOf } from '../../models/sales/deal-report.js'
import type { PipelineFigures } from './types.js'

// The pipeline report of the current quarter for the dashboard: the first few pipelines by name (a business has a
// handful; the full report is GET /api/v1/deals/report).

const SHOWN = 5

export async function readPipelineFigures(
  resources: Resources,
  actor: Actor,
  now: Date,
): Promise<PipelineFigures | null> {
  const scope = scopeOf(actor, 'read', 'deals')
  if (scope === undefined || scopeOf(actor, 'read', 'pipelines') === undefined) return null
  const { deals, pipelines, stages } = resources
  const quarter = quarterOf(undefined, now)
  const listed = await pipelines.list(actor, { page: 1, limit: SHOWN, sort: { name: 1 } })
  const reports = await Promise.all(
    listed.items.map((pipeline) => pipelineReport({ deals, pipelines, stages }, actor, String(pipeline._id), quarter)),
  )
  return {
    scope: scope === 'all' ? 'all' : 'own',
    quarter: quarter.name,
    pipelines: reports.map((report) => ({
      _id: report.pipeline._id,
      name: report.pipeline.name,
      stages: report.stages.map(({ _id, name, count, totals }) => ({ _id, name, count, totals })),
      won: report.won,
      lost: report.lost,
    })),
  }
}
