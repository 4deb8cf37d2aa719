import { Schema, type Connection, type Model, type Types } from 'mongoose'

// One merge of duplicate leads, written before any lead changes: the plan that lets a killed merge (or unmerge) be
// finished by the next run instead of being left half done. No transactions needed: each step is one conditional
// document write that says itself whether it already happened (the survivor's `mergeIds`, each lead's `mergeId`).

export const MERGE_STATES = ['pending', 'done', 'undoing', 'undone', 'abandoned'] as const
export type MergeState = (typeof MERGE_STATES)[number]

export interface LeadMerge {
  _id: Types.ObjectId
  survivorId: string
  mergedIds: string[]
  status: MergeState
  /** Why these leads were grouped (`email:a@b.c`, `phoneNumber:+91...`, `manual`). */
  key: string
  /** Who asked (`job:leads.dedupe`, `user:<id>`). */
  by: string
  createdAt: Date
  undoneAt: Date | null
}

const leadMergeSchema = new Schema<LeadMerge>(
  {
    survivorId: { type: String, required: true, index: true },
    mergedIds: { type: [String], required: true, index: true },
    status: { type: String, enum: MERGE_STATES, required: true, index: true },
    key: { type: String, required: true },
    by: { type: String, required: true },
    undoneAt: { type: Date, default: null },
  },
  { collection: 'lead_merges', versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
)

export type LeadMergeModel = Model<LeadMerge>

export function leadMergeModel(connection: Connection): LeadMergeModel {
  return (
    (connection.models.LeadMerge as LeadMergeModel | undefined) ??
    connection.model<LeadMerge>('LeadMerge', leadMergeSchema)
  )
}
