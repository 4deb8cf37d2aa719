import { Types } from 'mongoose'
import type { Actor } from '../../access/actor.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'
import { allOf, scopeOrForbid } from '../resource-access.js'

// What the deal board and the pipeline report share: the pipeline and its stages in order, and sums of the deals
// the viewer may read (their own for a bdm), per stage and currency. Money is summed per currency, never converted.

export interface CurrencyTotal {
  readonly currency: string
  /** Paise. */
  readonly value: number
}

export interface Tally {
  readonly count: number
  readonly totals: readonly CurrencyTotal[]
}

export interface StageRow {
  readonly _id: string
  readonly name: string
  readonly order: number
}

export interface PipelineStages {
  readonly pipeline: { readonly _id: string; readonly name: string }
  readonly stages: readonly StageRow[]
}

export const EMPTY_TALLY: Tally = { count: 0, totals: [] }

/** The pipeline (404 when the viewer cannot see it) and its live stages in board order. */
export async function pipelineStages(
  pipelines: ResourceService,
  stages: ResourceService,
  actor: Actor,
  pipelineId: string,
): Promise<PipelineStages> {
  const pipeline = await pipelines.get(actor, pipelineId, { record: false })
  const rows = await stages.model
    .find({ pipeline: new Types.ObjectId(pipelineId), deletedAt: null })
    .sort({ order: 1 })
    .lean<ResourceRecord[]>()
  return {
    pipeline: { _id: pipelineId, name: String(pipeline.name) },
    stages: rows.map((row) => ({ _id: String(row._id), name: String(row.name), order: Number(row.order) })),
  }
}

/** The viewer's live deals of a pipeline matching `where`: the filter every figure starts from (403 without read). */
export function dealsWhere(
  deals: ResourceService,
  actor: Actor,
  pipelineId: string,
  where: Record<string, unknown>,
): Record<string, unknown> {
  const scope = scopeOrForbid(deals.def, actor, 'read')
  return allOf(scope, { pipeline: new Types.ObjectId(pipelineId), deletedAt: null }, where)
}

/** Count and per-currency value of the matching deals, keyed by `groupBy` (a stage id, or one key for all). */
export async function tallies(
  deals: ResourceService,
  match: Record<string, unknown>,
  groupBy: '$stage' | null,
): Promise<Map<string, Tally>> {
  const rows = await deals.model.aggregate<{
    _id: { key: unknown; currency: unknown }
    count: number
    value: number
  }>([
    { $match: match },
    {
      $group: {
        _id: { key: groupBy ?? 'all', currency: '$currency' },
        count: { $sum: 1 },
        value: { $sum: '$value' },
      },
    },
  ])
  const result = new Map<string, { count: number; totals: CurrencyTotal[] }>()
  for (const row of rows) {
    const key = String(row._id.key)
    const tally = result.get(key) ?? { count: 0, totals: [] }
    tally.count += row.count
    tally.totals.push({ currency: String(row._id.currency), value: row.value })
    result.set(key, tally)
  }
  for (const tally of result.values()) tally.totals.sort((a, b) => (a.currency < b.currency ? -1 : 1))
  return result
}
