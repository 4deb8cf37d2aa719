import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import { IndexStore, type IndexSpec } from './index-store.js'
import { PostingCollector } from './posting-build.js'
import type { Operation } from './operation.js'
import { sortInSlices } from './sliced-sort.js'

/** A write made to the collection while one of its indexes was being built. */
export interface IndexChange {
  add: boolean
  doc: Doc
  ord: number
}

export interface IndexBuild {
  changes: IndexChange[]
  done: Promise<void>
}

/**
 * Builds a non-unique index without holding the event loop: keys are read in slices, sorted in slices, and the
 * writes made meanwhile (recorded by the collection) are applied before the index is installed, in one
 * synchronous step. Until then the planner does not know the index, so no query reads a half-built one. Adding a
 * change twice is harmless (an entry the scan already saw is replaced, not doubled); removing a missing one too.
 */
export function buildIndexInBackground(coll: Collection, spec: IndexSpec, op: Operation): Promise<void> {
  const running = coll.building.get(spec.name)
  if (running) return running.done
  const index = new IndexStore(spec)
  return track(coll, index.name, (build) =>
    run(coll, index, build, op, () => {
      coll.installIndex(index)
    }),
  )
}

/**
 * After recovery: sorts the entries of an index that recovery left deferred (the planner ignores it meanwhile,
 * and a unique one already checks every write with its hash map), so start-up does not wait for index sorts.
 */
export function finishDeferredInBackground(coll: Collection, index: IndexStore, op: Operation): Promise<void> {
  return track(coll, index.name, (build) =>
    run(coll, index, build, op, () => {
      index.deferred = false
    }),
  )
}

function track(coll: Collection, name: string, start: (build: IndexBuild) => Promise<void>): Promise<void> {
  const build: IndexBuild = { changes: [], done: Promise.resolve() }
  coll.building.set(name, build)
  build.done = start(build).finally(() => coll.building.delete(name))
  return build.done
}

async function run(
  coll: Collection,
  index: IndexStore,
  build: IndexBuild,
  op: Operation,
  install: () => void,
): Promise<void> {
  const collector = new PostingCollector(index)
  for (const [ord, doc] of coll.docs.entries()) {
    if (op.tick()) await op.pause()
    collector.add(doc, ord)
  }
  const sorted = await collector.finishInSlices(await sortInSlices(collector.postings(), index.comparePostings, op), op)
  // From here to the end nothing pauses: the changes are applied and the index installed in one step.
  const deferred = index.deferred
  index.load(sorted)
  for (const change of build.changes) {
    index.delete(change.doc, change.ord)
    if (change.add) index.add(change.doc, change.ord)
  }
  index.deferred = deferred
  install()
}
