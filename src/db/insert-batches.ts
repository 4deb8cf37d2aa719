import type { Collection, Document } from 'mongodb'
import { NextTurnBatches } from './next-turn-batches.js'

/**
 * Inserts that arrive while the event loop is busy go out together: one unordered `insertMany` per batch instead
 * of one `insertOne` per caller, and each caller still learns its own outcome (its insert acknowledged, or its own
 * write error such as a duplicate key). Every caller waits for the acknowledgement of the command that carried its
 * document, so nothing is reported written before it is; a batch only saves round trips, driver work and the
 * database's per-command journal write.
 *
 * A batch is sent on the next turn of the event loop (so a lone insert waits for nothing), and at most one batch is
 * in flight per collection: inserts queued meanwhile go in the next one (next-turn-batches.ts).
 */
export class InsertBatches {
  private readonly batches = new NextTurnBatches<Queued>((batch) => this.send(batch))

  constructor(private readonly collection: Collection) {}

  /** Resolves once `document` is inserted; rejects with the error of its own statement, or of the whole command. */
  insert(document: Document): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.batches.add({ document, resolve, reject })
    })
  }

  private async send(batch: Queued[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((each) => each.document),
        { ordered: false },
      )
    } catch (error) {
      const failed = statementErrors(error)
      // A command-level failure (network, write concern, shutdown) is every caller's: none of them is acknowledged.
      if (failed === undefined) {
        for (const each of batch) each.reject(error)
        return
      }
      batch.forEach((each, index) => {
        const own = failed.get(index)
        if (own === undefined) each.resolve()
        else each.reject(own)
      })
      return
    }
    for (const each of batch) each.resolve()
  }
}

const batchesByCollection = new WeakMap<Collection, InsertBatches>()

/** The one batcher of a collection, so every writer in the process shares its batches. */
export function insertBatchesFor(collection: Collection): InsertBatches {
  let batches = batchesByCollection.get(collection)
  if (!batches) batchesByCollection.set(collection, (batches = new InsertBatches(collection)))
  return batches
}

interface Queued {
  document: Document
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * A statement's error as its insertOne would have thrown it: `code` (11000 for a duplicate key) and the message.
 * The driver's bulk path keeps no `keyPattern`/`keyValue` (the message still names the key), so the API maps a
 * duplicate here to a 409 without the field names; no caller shows such a duplicate to a user (the audit claims
 * handle theirs, and a read entry has no unique key but its `_id`).
 */
export class StatementError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message)
    this.name = 'MongoServerError'
  }
}

/** One entry of a bulk error's `writeErrors` (the driver's WriteError). */
interface WriteErrorLike {
  index?: unknown
  code?: unknown
  errmsg?: unknown
}

/**
 * The per-statement errors of an unordered insertMany, by the statement's index in the batch; undefined when the
 * error is not (only) per-statement. A write concern error fails the whole batch: its documents may not be durable.
 */
function statementErrors(error: unknown): Map<number, StatementError> | undefined {
  const bulk = error as { writeErrors?: unknown; result?: { getWriteConcernError?: () => unknown } }
  if (bulk.result?.getWriteConcernError?.() !== undefined) return undefined
  const list: unknown = bulk.writeErrors
  if (!Array.isArray(list) || list.length === 0) return undefined
  const byIndex = new Map<number, StatementError>()
  for (const each of list as WriteErrorLike[]) {
    if (typeof each.index !== 'number') return undefined
    const message = typeof each.errmsg === 'string' ? each.errmsg : 'write error'
    const code = typeof each.code === 'number' ? each.code : undefined
    byIndex.set(each.index, new StatementError(message, code))
  }
  return byIndex
}
