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
      for (const [index, own] of failed) {
        const document = batch[index]?.document
        if (own.code === DUPLICATE_KEY && document) await this.nameDuplicateKey(own, document)
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

  /**
   * Gives a duplicate-key error the `keyPattern` and `keyValue` insertOne would have carried (the API names the
   * fields from them): the bulk path keeps only the message, which names the index. One `listIndexes` on this rare
   * path; when it fails or the index is gone, the error stays as it is (a 409 without field names).
   */
  private async nameDuplicateKey(error: StatementError, document: Document): Promise<void> {
    const name = / index: (\S+) dup key/.exec(error.message)?.[1]
    if (name === undefined) return
    const index = (await this.collection.indexes().catch(() => [])).find((each) => each.name === name)
    if (!index) return
    const keyValue: Document = {}
    for (const path of Object.keys(index.key)) keyValue[path] = valueAt(document, path)
    error.keyPattern = index.key
    error.keyValue = keyValue
  }
}

const DUPLICATE_KEY = 11000

/** The value at a dotted path of a plain document (undefined where the path ends early). */
function valueAt(document: Document, path: string): unknown {
  let value: unknown = document
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Document)[key]
  }
  return value
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
 * A statement's error as its insertOne would have thrown it: `code` (11000 for a duplicate key), the message, and
 * for a duplicate key the index's `keyPattern` and the document's `keyValue` (InsertBatches.nameDuplicateKey).
 */
export class StatementError extends Error {
  keyPattern: Document | undefined
  keyValue: Document | undefined

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
