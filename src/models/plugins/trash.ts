import type { Query, Schema } from 'mongoose'

/** Trash fields; a document is in the trash exactly when `deletedAt` is not null. */
export const TRASH_FIELDS = ['deletedAt', 'deletedBy', 'deleteReason'] as const

/** `{ withTrashed: true }` as a query option lets a trash view see trashed documents. */
export interface TrashQueryOptions {
  withTrashed?: boolean
}

const HOOKED = ['find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'updateOne', 'updateMany', 'distinct'] as const

function hideTrashed(this: Query<unknown, unknown>): void {
  const options = this.getOptions() as TrashQueryOptions
  const filter = this.getFilter()
  // A query that names deletedAt itself (trash views, restore, destroy) has already decided.
  if (options.withTrashed === true || 'deletedAt' in filter) return
  this.where({ deletedAt: null })
}

/**
 * Adds the trash fields and makes every read and update see live documents only, whichever door runs the query
 * (REST, legacy routes, AdminJS, jobs). Aggregations get a leading `$match` too.
 */
export function trashPlugin(schema: Schema): void {
  schema.add({
    deletedAt: { type: Date, default: null },
    deletedBy: { type: String, default: null },
    deleteReason: { type: String, default: null, maxlength: 500 },
  })
  for (const operation of HOOKED) schema.pre(operation, hideTrashed)
  schema.pre('aggregate', function hideTrashedInPipeline() {
    const first = this.pipeline()[0] as { $match?: Record<string, unknown> } | undefined
    if (first?.$match && 'deletedAt' in first.$match) return
    this.pipeline().unshift({ $match: { deletedAt: null } })
  })
}
