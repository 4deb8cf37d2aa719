import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError, NotFoundError } from '../errors.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { leadMergeModel, type LeadMerge } from '../models/lead-merge.js'
import { unmergeSet } from './merge-fields.js'

// Undoing one merge: its record moves to `undoing` first, so a killed unmerge is finished by the next call; then each
// merged lead is released and the survivor gets its own fields, submissions and bookkeeping back.

type Lead = ResourceRecord & { _id: Types.ObjectId }

async function leadById(context: AppContext, id: string): Promise<Lead | null> {
  return context.resources.leads.model.findById(id).lean<Lead>()
}

async function release(context: AppContext, actor: Actor, plan: LeadMerge, mergeId: string): Promise<void> {
  for (const id of plan.mergedIds) {
    const lead = await leadById(context, id)
    if (lead?.mergeId !== mergeId) continue
    await context.resources.leads.writeInternal(actor, id, {
      set: { mergedInto: null, mergeId: null },
      action: 'unmerge',
      reason: `unmerged from ${plan.survivorId} (merge ${mergeId})`,
      condition: { mergeId },
    })
  }
}

async function restoreSurvivor(context: AppContext, actor: Actor, plan: LeadMerge, mergeId: string): Promise<void> {
  const survivor = await leadById(context, plan.survivorId)
  if (!survivor || !(survivor.mergeIds as string[]).includes(mergeId)) return
  await context.resources.leads.writeInternal(actor, plan.survivorId, {
    set: unmergeSet(survivor, plan.mergedIds, mergeId),
    action: 'unmerge',
    reason: `unmerged ${plan.mergedIds.join(', ')} (merge ${mergeId})`,
    condition: { mergeIds: mergeId },
  })
}

/** The merge to undo for a lead: the one it was merged by, or the latest one into it. */
async function mergeOf(context: AppContext, leadId: string, mergeId: string | undefined): Promise<LeadMerge> {
  const merges = leadMergeModel(context.db.connection)
  const wanted = mergeId !== undefined && Types.ObjectId.isValid(mergeId) ? { _id: new Types.ObjectId(mergeId) } : {}
  const plan = await merges
    .findOne({ ...wanted, $or: [{ survivorId: leadId }, { mergedIds: leadId }], status: { $in: ['done', 'undoing'] } })
    .sort({ createdAt: -1 })
    .lean<LeadMerge>()
  if (!plan) throw new NotFoundError('No merge to undo for this lead')
  return plan
}

export async function unmergeLead(
  context: AppContext,
  actor: Actor,
  leadId: string,
  mergeId?: string,
): Promise<LeadMerge> {
  // Through the service, so scope applies: 404 for a lead out of reach.
  await context.resources.leads.get(actor, leadId, { record: false })
  const plan = await mergeOf(context, leadId, mergeId)
  const survivor = await leadById(context, plan.survivorId)
  const later = (survivor?.mergeIds as string[] | undefined) ?? []
  if (survivor?.mergedInto !== null && survivor?.mergedInto !== undefined) {
    throw new ConflictError(`Lead ${plan.survivorId} was merged into ${survivor.mergedInto as string}: undo that first`)
  }
  if (!later.includes(plan._id.toHexString()) && plan.status === 'done') {
    throw new ConflictError('This merge is no longer on the surviving lead')
  }
  return finishUnmerge(context, actor, plan)
}

/** Runs (or finishes) the undo of a merge. */
export async function finishUnmerge(context: AppContext, actor: Actor, plan: LeadMerge): Promise<LeadMerge> {
  const merges = leadMergeModel(context.db.connection)
  const mergeId = plan._id.toHexString()
  await merges.updateOne({ _id: plan._id, status: 'done' }, { $set: { status: 'undoing' } })
  await release(context, actor, plan, mergeId)
  await restoreSurvivor(context, actor, plan, mergeId)
  const undone = await merges
    .findOneAndUpdate(
      { _id: plan._id, status: 'undoing' },
      { $set: { status: 'undone', undoneAt: new Date() } },
      { returnDocument: 'after' },
    )
    .lean<LeadMerge>()
  return undone ?? plan
}

/** Finishes every unmerge a killed call left half done. */
export async function resumeUndoing(context: AppContext, actor: Actor): Promise<number> {
  const undoing = leadMergeModel(context.db.connection).find({ status: 'undoing' }).lean<LeadMerge[]>().cursor()
  let finished = 0
  for await (const plan of undoing) {
    await finishUnmerge(context, actor, plan)
    finished += 1
  }
  return finished
}
