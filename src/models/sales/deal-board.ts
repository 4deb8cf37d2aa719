import { Types } from 'mongoose'
import type { Actor } from '../../access/actor.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'
import { present } from '../resource-access.js'
import {
  dealsWhere,
  EMPTY_TALLY,
  pipelineStages,
  tallies,
  type PipelineStages,
  type StageRow,
  type Tally,
} from './deal-figures.js'

// The Kanban board of a pipeline: its stages in order, each with the open deals the viewer may read (most recently
// changed first, at most `limit` per column) and the column's count and value per currency over all of them. Won and
// lost deals leave the board (the report counts them).

export interface BoardColumn extends StageRow, Tally {
  readonly deals: readonly ResourceRecord[]
}

export interface Board extends Omit<PipelineStages, 'stages'> {
  readonly stages: readonly BoardColumn[]
}

export interface BoardServices {
  readonly deals: ResourceService
  readonly pipelines: ResourceService
  readonly stages: ResourceService
}

export async function dealBoard(
  services: BoardServices,
  actor: Actor,
  pipelineId: string,
  limit: number,
): Promise<Board> {
  const { deals } = services
  const open = dealsWhere(deals, actor, pipelineId, { status: 'open' })
  const { pipeline, stages } = await pipelineStages(services.pipelines, services.stages, actor, pipelineId)
  const [perStage, ...columns] = await Promise.all([
    tallies(deals, open, '$stage'),
    ...stages.map((stage) =>
      deals.model
        .find({ ...open, stage: new Types.ObjectId(stage._id) })
        .sort({ updatedAt: -1, _id: -1 })
        .limit(limit)
        .lean<ResourceRecord[]>(),
    ),
  ])
  return {
    pipeline,
    stages: stages.map((stage, index) => ({
      ...stage,
      ...(perStage.get(stage._id) ?? EMPTY_TALLY),
      deals: (columns[index] ?? []).map((deal) => present(deals.def, actor, deal)),
    })),
  }
}
