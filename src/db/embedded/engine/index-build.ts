import type { Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import { IndexStore, type IndexEntry, type IndexSpec } from './index-store.js'
import type { Operation } from './operation.js'
import { sortInSlices } from './sliced-sort.js'

/** A write made to the collection while one of its indexes was being built. */
export interface IndexChange {
  add: boolean
  doc: Doc
  id: string
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
  const build: IndexBuild = { changes: [], done: Promise.resolve() }
  build.done = run(coll, new IndexStore(spec), build, op).finally(() => coll.building.delete(spec.name))
  coll.building.set(spec.name, build)
  return build.done
}

async function run(coll: Collection, index: IndexStore, build: IndexBuild, op: Operation): Promise<void> {
  const entries: IndexEntry[] = []
  for (const [id, doc] of coll.docs) {
    if (op.tick()) await op.pause()
    const keys = index.keysOf(doc)
    if (keys.length > 1) index.multikey = true
    for (const key of keys) entries.push({ key, id })
  }
  index.entries.loadSorted(await sortInSlices(entries, (a, b) => index.compareEntries(a, b), op))
  for (const change of build.changes) {
    index.delete(change.doc, change.id)
    if (change.add) index.add(change.doc, change.id)
  }
  coll.installIndex(index)
}
