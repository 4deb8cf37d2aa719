import type { Actor } from '../../access/actor.js'
import {
  dealsWhere,
  EMPTY_TALLY,
  pipelineStages,
  tallies,
  type PipelineStages,
  type StageRow,
  type Tally,
} from './deal-figures.js'
import type { BoardServices } from './deal-board.js'

// The pipeline report: the open deals per stage as they stand, and the deals won and lost in a calendar quarter
// (by their `closedAt`, UTC, like the dashboard's months), over the deals the viewer may read.

export interface Quarter {
  /** `2026-Q4`. */
  readonly name: string
  /** ISO 8601, inclusive. */
  readonly from: string
  /** ISO 8601, exclusive. */
  readonly to: string
}

export interface PipelineReport extends Omit<PipelineStages, 'stages'> {
  readonly quarter: Quarter
  readonly stages: ReadonlyArray<StageRow & Tally>
  readonly open: Tally
  readonly won: Tally
  readonly lost: Tally
}

/** `2026-Q4` (or the quarter of `now` when none is given) as its first instant and the next quarter's. */
export function quarterOf(name: string | undefined, now = new Date()): Quarter {
  const [year, quarter] = name
    ? name.split('-Q').map(Number)
    : [now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) + 1]
  const y = year ?? now.getUTCFullYear()
  const q = quarter ?? 1
  const from = new Date(Date.UTC(y, (q - 1) * 3, 1))
  const to = new Date(Date.UTC(y, q * 3, 1))
  return { name: `${y}-Q${q}`, from: from.toISOString(), to: to.toISOString() }
}

export async function pipelineReport(
  services: BoardServices,
  actor: Actor,
  pipelineId: string,
  quarter: Quarter,
): Promise<PipelineReport> {
  const { deals } = services
  const closedIn = { closedAt: { $gte: new Date(quarter.from), $lt: new Date(quarter.to) } }
  const open = dealsWhere(deals, actor, pipelineId, { status: 'open' })
  const won = dealsWhere(deals, actor, pipelineId, { status: 'won', ...closedIn })
  const lost = dealsWhere(deals, actor, pipelineId, { status: 'lost', ...closedIn })
  const [{ pipeline, stages }, perStage, openAll, wonAll, lostAll] = await Promise.all([
    pipelineStages(services.pipelines, services.stages, actor, pipelineId),
    tallies(deals, open, '$stage'),
    tallies(deals, open, null),
    tallies(deals, won, null),
    tallies(deals, lost, null),
  ])
  return {
    pipeline,
    quarter,
    stages: stages.map((stage) => ({ ...stage, ...(perStage.get(stage._id) ?? EMPTY_TALLY) })),
    open: openAll.get('all') ?? EMPTY_TALLY,
    won: wonAll.get('all') ?? EMPTY_TALLY,
    lost: lostAll.get('all') ?? EMPTY_TALLY,
  }
}
