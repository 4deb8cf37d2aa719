import { describe, expect, it, vi } from 'vitest'
import type { Collection } from '../../src/db/embedded/engine/collection.js'
import { Engine } from '../../src/db/embedded/engine/engine.js'
import { buildIndexesInBackground } from '../../src/db/embedded/engine/index-build.js'
import type { IndexSpec, IndexStore } from '../../src/db/embedded/engine/index-store.js'
import { Operation } from '../../src/db/embedded/engine/operation.js'
import { toArray } from '../../src/db/embedded/engine/postings.js'

// A raw (recovered) document is decoded for each read (doc-table.ts), so index builds read the documents once for
// all the indexes they build: these tests count the passes and check the writes made during a build.

const person = (i: number): { _id: number; city: string; age: number } => ({ _id: i, city: `c${i % 7}`, age: i % 90 })

/** Every ordinal under each key of `index`, as `key → sorted ids`, from the index itself. */
function entries(index: IndexStore | undefined, coll: Collection): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const posting of index?.postings ?? []) {
    const ids = toArray(posting).map((ord) => coll.docs.at(ord)?._id as number)
    out.set(
      JSON.stringify(posting.key),
      ids.sort((a, b) => a - b),
    )
  }
  return out
}

/** What the index must hold over the collection's documents now. */
function expected(coll: Collection, field: 'city' | 'age'): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const doc of coll.docs.values()) {
    const key = JSON.stringify([doc[field]])
    out.set(
      key,
      [...(out.get(key) ?? []), doc._id as number].sort((a, b) => a - b),
    )
  }
  return new Map([...out].sort())
}

const sorted = (map: Map<string, number[]>): Map<string, number[]> => new Map([...map].sort())

describe('index builds read the documents once for all their indexes', () => {
  it('when recovery leaves several indexes to sort in the background, then one pass builds them all and writes made meanwhile reach each', async () => {
    const engine = new Engine()
    engine.startRecovery()
    engine.replay({ t: 'createCollection', db: 'app', coll: 'people', options: {} })
    engine.replay({ t: 'createIndex', db: 'app', coll: 'people', spec: { v: 2, key: { city: 1 }, name: 'city_1' } })
    engine.replay({ t: 'createIndex', db: 'app', coll: 'people', spec: { v: 2, key: { age: 1 }, name: 'age_1' } })
    for (let i = 0; i < 12_000; i++) engine.replay({ t: 'put', db: 'app', coll: 'people', doc: person(i) }, 'snapshot')
    const people = engine.collection('app', 'people')
    if (!people) throw new Error('people not recovered')
    const passes = vi.spyOn(people.docs, 'entries')
    engine.finishRecovery()
    expect(people.building.size).toBe(1)
    const [build] = [...people.building]
    expect([...(build?.pending ?? [])].sort()).toEqual(['_id_', 'age_1', 'city_1'])
    // Writes while the build reads: a new document, a changed key, a removal.
    people.insert(person(50_000))
    const before = people.get(5)
    if (!before) throw new Error('document 5')
    people.replace(before, { ...before, city: 'moved', age: 200 })
    const gone = people.get(6)
    if (!gone) throw new Error('document 6')
    people.remove(gone)
    await build?.done
    expect(passes).toHaveBeenCalledTimes(1)
    expect(people.building.size).toBe(0)
    expect(sorted(entries(people.indexes.get('city_1'), people))).toEqual(expected(people, 'city'))
    expect(sorted(entries(people.indexes.get('age_1'), people))).toEqual(expected(people, 'age'))
    expect(entries(people.indexes.get('city_1'), people).get('["moved"]')).toEqual([5])
  })

  it('when createIndexes asks for two new indexes on a large collection, then one pass builds both and a concurrent request for one waits for it', async () => {
    const engine = new Engine()
    const people = engine.ensureCollection('app', 'people')
    for (let i = 0; i < 12_000; i++) people.insert(person(i))
    const passes = vi.spyOn(people.docs, 'entries')
    const city: IndexSpec = { v: 2, key: { city: 1 }, name: 'city_1' }
    const age: IndexSpec = { v: 2, key: { age: 1 }, name: 'age_1' }
    // A zero-length slice: the build pauses every few documents, as on a busy server.
    const first = buildIndexesInBackground(people, [city, age], new Operation(Number.POSITIVE_INFINITY, 0))
    const again = buildIndexesInBackground(people, [age], new Operation())
    expect(people.indexes.has('city_1')).toBe(false)
    // Documents the pass has already read (the first slice): only the recorded changes can bring these in.
    const early = people.get(0)
    const removed = people.get(1)
    if (!early || !removed) throw new Error('documents 0 and 1')
    people.replace(early, { ...early, city: 'moved', age: 300 })
    people.remove(removed)
    people.insert(person(60_000))
    await Promise.all([first, again])
    expect(passes).toHaveBeenCalledTimes(1)
    expect(sorted(entries(people.indexes.get('city_1'), people))).toEqual(expected(people, 'city'))
    expect(sorted(entries(people.indexes.get('age_1'), people))).toEqual(expected(people, 'age'))
    expect(entries(people.indexes.get('age_1'), people).get('[300]')).toEqual([0])
  })
})
