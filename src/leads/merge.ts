import { Types } from 'mongoose'
import { describeActor, type Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError, ValidationError } from '../errors.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { leadMergeModel, type LeadMerge } from '../models/lead-merge.js'
import { mergeSet } from './merge-fields.js'

// Merging duplicate leads into the oldest: the plan is recorded first (merge-record.ts), then the survivor takes
// the others' fields and submissions in one audited write, then each other lead is marked merged into it in one
// audited write of its own. Every step checks whether it already happened, so running a plan again finishes it.

type Lead = ResourceRecord & { _id: Types.ObjectId; createdAt: Date }

async function leadsByIds(context: AppContext, ids: readonly string[]): Promise<Lead[]> {
  const objectIds = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id))
  return context.resources.leads.model.find({ _id: { $in: objectIds } }).lean<Lead[]>()
}

function oldestFirst(a: Lead, b: Lead): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a._id.toHexString().localeCompare(b._id.toHexString())
}

async function mergeSurvivor(context: AppContext, actor: Actor, plan: LeadMerge): Promise<boolean> {
  const mergeId = plan._id.toHexString()
  const [survivor] = await leadsByIds(context, [plan.survivorId])
  if (!survivor) return false
  if ((survivor.mergeIds as string[]).includes(mergeId)) return true
  const others = (await leadsByIds(context, plan.mergedIds)).filter(
    (o) => o.mergedInto === null || o.mergeId === mergeId,
  )
  others.sort(oldestFirst)
  await context.resources.leads.writeInternal(actor, plan.survivorId, {
    set: mergeSet(survivor, others, mergeId),
    action: 'merge',
    reason: `merged ${plan.mergedIds.join(', ')} (merge ${mergeId}, ${plan.key})`,
    condition: { mergeIds: { $ne: mergeId } },
  })
  return true
}

async function markMerged(context: AppContext, actor: Actor, plan: LeadMerge): Promise<void> {
  const mergeId = plan._id.toHexString()
  for (const other of await leadsByIds(context, plan.mergedIds)) {
    if (other.mergeId === mergeId) continue
    if (other.mergedInto !== null) {
      context.logger.warn('lead already merged elsewhere', { leadId: String(other._id), mergeId })
      continue
    }
    await context.resources.leads.writeInternal(actor, String(other._id), {
      set: { mergedInto: plan.survivorId, mergeId },
      action: 'merge',
      reason: `merged into ${plan.survivorId} (merge ${mergeId})`,
      condition: { mergedInto: null },
    })
  }
}

/** Runs (or finishes) a recorded merge. */
export async function applyMerge(context: AppContext, actor: Actor, plan: LeadMerge): Promise<void> {
  const merges = leadMergeModel(context.db.connection)
  if (!(await mergeSurvivor(context, actor, plan))) {
    // The survivor went to the trash before anything was merged into it: nothing happened, nothing to finish.
    await merges.updateOne({ _id: plan._id, status: 'pending' }, { $set: { status: 'abandoned' } })
    return
  }
  await markMerged(context, actor, plan)
  await merges.updateOne({ _id: plan._id, status: 'pending' }, { $set: { status: 'done' } })
}

/** Records and runs the merge of these live, unmerged leads into the oldest of them. */
export async function mergeGroup(
  context: AppContext,
  actor: Actor,
  group: readonly Lead[],
  key: string,
): Promise<LeadMerge | null> {
  const live = group.filter((lead) => lead.mergedInto === null).sort(oldestFirst)
  const [survivor, ...others] = live
  if (!survivor || others.length === 0) return null
  const plan = await leadMergeModel(context.db.connection).create({
    survivorId: survivor._id.toHexString(),
    mergedIds: others.map((other) => other._id.toHexString()),
    status: 'pending',
    key,
    by: describeActor(actor),
  })
  await applyMerge(context, actor, plan.toObject())
  return (await leadMergeModel(context.db.connection).findById(plan._id).lean<LeadMerge>()) ?? plan.toObject()
}

/** Finishes every merge a killed run left pending. */
export async function resumePendingMerges(context: AppContext, actor: Actor): Promise<number> {
  const pending = leadMergeModel(context.db.connection).find({ status: 'pending' }).lean<LeadMerge[]>().cursor()
  let finished = 0
  for await (const plan of pending) {
    await applyMerge(context, actor, plan)
    finished += 1
  }
  return finished
}

/** The on-demand merge: `id` and `ids` into the oldest; each must be one the actor may update. */
export async function mergeLeads(
  context: AppContext,
  actor: Actor,
  id: string,
  ids: readonly string[],
): Promise<LeadMerge> {
  const wanted = [...new Set([id, ...ids])]
  if (wanted.length < 2)
    throw new ValidationError('Name at least one other lead', [{ path: 'ids', message: 'is empty' }])
  // Each through the service, so scope and trash apply as they do for any update (404 for one out of reach).
  for (const leadId of wanted) await context.resources.leads.get(actor, leadId, { record: false })
  const group = await leadsByIds(context, wanted)
  const merged = group.filter((lead) => lead.mergedInto !== null).map((lead) => String(lead._id))
  if (merged.length > 0) {
    throw new ConflictError(`Already merged: ${merged.join(', ')}`, [{ path: 'ids', message: 'names a merged lead' }])
  }
  const plan = await mergeGroup(context, actor, group, 'manual')
  if (!plan) throw new ConflictError('Nothing to merge')
  return plan
}
