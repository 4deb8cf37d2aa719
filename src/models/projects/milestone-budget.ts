import { isValidObjectId, type Connection, type Model } from 'mongoose'
import type { Actor } from '../../access/actor.js'
import type { FieldProblem } from '../../errors.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'

// Milestones flagged `addCostToBudget` add their cost to their project's budget. Rather than adding and subtracting
// deltas (which drift when a write fails halfway or two race), every milestone write recomputes the project's
// `milestoneCosts` as the sum over its live flagged milestones and, when it differs, stores it with one audited
// update of the project by the same actor. Trash, restore, destroy, a flag turned off, a cost changed or a milestone
// moved to another project all end in the same recount, so the next write repairs any earlier failure.

type Lean = ResourceRecord & { _id: unknown }

/** The milestone's currency must be its project's to add to the project's budget (409 naming `currency`). */
export async function milestoneCurrencyProblems(
  record: ResourceRecord,
  connection: Connection,
): Promise<FieldProblem[]> {
  if (record.addCostToBudget !== true) return []
  const projects = connection.models.Project as Model<ResourceRecord> | undefined
  const project = projects ? await projects.findById(record.project, { currency: 1 }).lean<Lean>() : null
  if (!project || project.currency === record.currency) return []
  return [
    { path: 'currency', message: `must be the project's currency (${String(project.currency)}) to add to its budget` },
  ]
}

/** The sum of the project's live milestones flagged to count in its budget, in paise. */
async function flaggedCosts(milestones: Model<ResourceRecord>, projectId: string): Promise<number> {
  const rows = await milestones
    .find({ project: projectId, addCostToBudget: true, deletedAt: null }, { cost: 1 })
    .lean<Lean[]>()
  return rows.reduce((sum, row) => sum + Number(row.cost ?? 0), 0)
}

async function recount(
  projects: ResourceService,
  milestones: Model<ResourceRecord>,
  actor: Actor,
  projectIds: readonly unknown[],
  reason: string,
): Promise<void> {
  const ids = new Set(projectIds.filter((id) => id !== null && id !== undefined).map(String))
  for (const id of ids) {
    const project = await projects.model.findById(id, { milestoneCosts: 1 }).lean<Lean>()
    // A trashed project is left alone: trashed records take no writes.
    if (!project) continue
    const total = await flaggedCosts(milestones, id)
    if (Number(project.milestoneCosts ?? 0) === total) continue
    await projects.update(actor, id, {}, { internal: { milestoneCosts: total }, reason })
  }
}

async function projectOf(milestones: Model<ResourceRecord>, id: string): Promise<unknown> {
  if (!isValidObjectId(id)) return null
  const found = await milestones.findById(id, { project: 1 }).setOptions({ withTrashed: true }).lean<Lean>()
  return found?.project ?? null
}

/** The milestones service with every write followed by its projects' recount. */
export function milestoneBudgetService(milestones: ResourceService, projects: ResourceService): ResourceService {
  const after = (actor: Actor, ids: readonly unknown[], what: string) =>
    recount(projects, milestones.model, actor, ids, `milestone costs: ${what}`)
  return {
    ...milestones,
    async create(actor, input, options) {
      const created = await milestones.create(actor, input, options)
      await after(actor, [created.project], `${String(created.title)} created`)
      return created
    },
    async update(actor, id, input, options) {
      const before = await projectOf(milestones.model, id)
      const updated = await milestones.update(actor, id, input, options)
      await after(actor, [before, updated.project], `${String(updated.title)} updated`)
      return updated
    },
    async replace(actor, id, input, options) {
      const before = await projectOf(milestones.model, id)
      const replaced = await milestones.replace(actor, id, input, options)
      await after(actor, [before, replaced.project], `${String(replaced.title)} replaced`)
      return replaced
    },
    async restoreRevision(actor, id, revision, options) {
      const before = await projectOf(milestones.model, id)
      const restored = await milestones.restoreRevision(actor, id, revision, options)
      await after(actor, [before, restored.project], `${String(restored.title)} restored to revision ${revision}`)
      return restored
    },
    async trash(actor, id, options) {
      const trashed = await milestones.trash(actor, id, options)
      await after(actor, [trashed.project], `${String(trashed.title)} trashed`)
      return trashed
    },
    async restore(actor, id, options) {
      const restored = await milestones.restore(actor, id, options)
      await after(actor, [restored.project], `${String(restored.title)} restored`)
      return restored
    },
    async destroy(actor, id, options) {
      const before = await projectOf(milestones.model, id)
      await milestones.destroy(actor, id, options)
      await after(actor, [before], 'a milestone destroyed')
    },
  }
}
