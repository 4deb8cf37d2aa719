import type { Schema } from 'mongoose'
import { invalidateLists } from '../list-cache.js'

/** Every mongoose operation that can change a stored document of the collection. */
const QUERY_WRITES: Array<
  | 'updateOne'
  | 'updateMany'
  | 'replaceOne'
  | 'findOneAndUpdate'
  | 'findOneAndReplace'
  | 'findOneAndDelete'
  | 'deleteOne'
  | 'deleteMany'
> = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
]

/**
 * Drops the resource's cached list pages around every write, whichever door or job made it. After the write (before
 * the caller sees its acknowledgement) is what read-your-writes needs; before it as well, so a write that fails
 * halfway through cannot leave pages cached from before it looking current.
 */
export function listInvalidationPlugin(schema: Schema, options: { resource: string }): void {
  const invalidate = (): void => {
    invalidateLists(options.resource)
  }
  schema.pre('save', invalidate)
  schema.post('save', invalidate)
  schema.pre(QUERY_WRITES, invalidate)
  schema.post(QUERY_WRITES, invalidate)
  schema.pre(['deleteOne'], { document: true, query: false }, invalidate)
  schema.post(['deleteOne'], { document: true, query: false }, invalidate)
  schema.pre('insertMany', invalidate)
  schema.post('insertMany', invalidate)
  schema.pre('bulkWrite', invalidate)
  schema.post('bulkWrite', invalidate)
}
