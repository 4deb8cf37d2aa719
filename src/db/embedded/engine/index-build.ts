import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import type { DocTable } from './doc-table.js'
import { IndexStore, type IndexSpec } from './index-store.js'
import { PostingCollector } from './posting-build.js'
import type { Operation } from './operation.js'
import { sortInSlices } from './sliced-sort.js'

/** A write made to the collection while some of its indexes were being built. */
export interface IndexChange {
  add: boolean
  doc: Doc
  ord: number
}

/** Indexes of one collection built from one pass over its documents. */
export interface IndexBuild {
  /** The indexes of this build not installed yet (what serverStatus counts as in progress). */
  readonly pending: Set<string>
  changes: IndexChange[]
  done: Promise<void>
}

/**
 * Every index of `indexes` built from one pass over the documents, then each sorted once. A document that is
 * still BSON bytes is decoded for each read (doc-table.ts): one pass per index decoded a million bookings once
 * per index after a restart, a pass for all of them decodes each once.
 */
export function buildSorted(indexes: readonly IndexStore[], docs: DocTable): void {
  const collectors = indexes.map((index) => new PostingCollector(index))
  for (const [ord, doc] of docs.entries()) for (const collector of collectors) collector.add(doc, ord)
  for (const [i, index] of indexes.entries()) {
    const collector = collectors[i] as PostingCollector
    index.load(collector.finish(collector.postings().sort(index.comparePostings)))
  }
}

/** The running build that covers the index `name`, if any. */
export function runningBuild(coll: Collection, name: string): IndexBuild | undefined {
  for (const build of coll.building) if (build.pending.has(name)) return build
  return undefined
}

/**
 * Builds non-unique indexes without holding the event loop: keys are read in slices (one pass for all of them),
 * sorted in slices, and the writes made meanwhile (recorded by the collection) are applied before each index is
 * installed, in one synchronous step. Until then the planner does not know the index, so no query reads a
 * half-built one. Adding a change twice is harmless (an entry the scan already saw is replaced, not doubled);
 * removing a missing one too. An index already being built is waited for, not built twice.
 */
export async function buildIndexesInBackground(
  coll: Collection,
  specs: readonly IndexSpec[],
  op: Operation,
): Promise<void> {
  const running = specs.map((spec) => runningBuild(coll, spec.name)?.done)
  const fresh = specs.filter((_, i) => running[i] === undefined).map((spec) => new IndexStore(spec))
  const built =
    fresh.length === 0
      ? Promise.resolve()
      : track(coll, fresh, op, (index) => {
          coll.installIndex(index)
        })
  await Promise.all([built, ...running])
}

/**
 * After recovery: sorts the entries of the indexes that recovery left deferred (the planner ignores each meanwhile,
 * and a unique one already checks every write with its hash map), so start-up does not wait for index sorts.
 */
export function finishDeferredInBackground(
  coll: Collection,
  indexes: readonly IndexStore[],
  op: Operation,
): Promise<void> {
  return track(coll, indexes, op, (index) => {
    index.deferred = false
  })
}

function track(
  coll: Collection,
  indexes: readonly IndexStore[],
  op: Operation,
  install: (index: IndexStore) => void,
): Promise<void> {
  const build: IndexBuild = {
    pending: new Set(indexes.map((index) => index.name)),
    changes: [],
    done: Promise.resolve(),
  }
  coll.building.add(build)
  build.done = run(coll, indexes, build, op, install).finally(() => coll.building.delete(build))
  return build.done
}

async function run(
  coll: Collection,
  indexes: readonly IndexStore[],
  build: IndexBuild,
  op: Operation,
  install: (index: IndexStore) => void,
): Promise<void> {
  const collectors: (PostingCollector | undefined)[] = indexes.map((index) => new PostingCollector(index))
  for (const [ord, doc] of coll.docs.entries()) {
    if (op.tick()) await op.pause()
    for (const collector of collectors) collector?.add(doc, ord)
  }
  for (const [i, index] of indexes.entries()) {
    const collector = collectors[i] as PostingCollector
    const sorted = await collector.finishInSlices(
      await sortInSlices(collector.postings(), index.comparePostings, op),
      op,
    )
    // Let go of the collected keys before the next index sorts: only the sorted postings are kept.
    collectors[i] = undefined
    // From here to the install nothing pauses: the changes so far are applied and the index installed in one step.
    const deferred = index.deferred
    index.load(sorted)
    for (const change of build.changes) {
      index.delete(change.doc, change.ord)
      if (change.add) index.add(change.doc, change.ord)
    }
    index.deferred = deferred
    install(index)
    build.pending.delete(index.name)
  }
}
