import type { HydratedDocument } from 'mongoose'
import { insertBatchesFor } from '../db/insert-batches.js'
import type { ResourceRecord } from './define-resource.js'
import { invalidateLists } from './list-cache.js'

/**
 * Stores a new resource document, already validated, as `save()` would store it, but through the collection's
 * insert batches: creates that arrive together share one insert command, as their audit claims already do
 * (db/insert-batches.ts). `save()` sent each create's document in a command of its own, the one round trip of an
 * audited create that was never batched.
 *
 * What `save()` adds to a new document of a resource schema is done here: the timestamps (its only pre-save hook
 * besides the list invalidation, which runs around the insert as the plugin runs it around a save), and the stored
 * shape without getters or virtuals (`toBSON`, what mongoose's own `insertMany` sends). There is no version key
 * (plugins/revision.ts turns it off: `_rev` is the revision). tests/models/insert-new.test.ts holds the stored
 * document equal to what `save()` stores.
 */
export async function insertNew(resource: string, document: HydratedDocument<ResourceRecord>): Promise<ResourceRecord> {
  const now = new Date()
  document.set({ createdAt: now, updatedAt: now })
  const stored = document.toBSON()
  invalidateLists(resource)
  try {
    await insertBatchesFor(document.collection).insert(stored)
  } finally {
    // After the write, before the caller answers: read-your-writes (plugins/list-invalidation.ts).
    invalidateLists(resource)
  }
  return document.toObject<ResourceRecord>()
}
