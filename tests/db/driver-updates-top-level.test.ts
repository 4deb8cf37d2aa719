import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

// A `$set`/`$unset` of top-level fields only is applied without mingo, on a shallow copy (update-apply.ts): it must
// give what the general path gives.

let t: TestDb
let seq = 0
function coll<T extends Document = LooseDoc>(): Collection<T> {
  seq += 1
  return t.db.collection<T>(`top${seq}`)
}

beforeAll(async () => {
  t = await openTestDb('driver_updates_top_level')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: updates of top-level fields', () => {
  it('when only top-level fields are $set and $unset, then the result equals the general path: order, nested values, no sharing', async () => {
    const direct = coll()
    const general = coll()
    const start = { _id: 1, a: 1, b: { c: [1, { d: 2 }] }, e: 'x', tags: ['p', 'q'] }
    await direct.insertOne(start)
    await general.insertOne(start)
    const nested = { deep: { list: [1, 2, { z: new Date(0) }] } }
    // Top-level only: applied without mingo. The same change with a dotted no-op path goes through mingo.
    await direct.updateOne({ _id: 1 }, { $set: { e: 'y', n: nested, a: 2 }, $unset: { tags: '', missing: '' } })
    await general.updateOne(
      { _id: 1 },
      { $set: { e: 'y', n: nested, a: 2, 'b.c': [1, { d: 2 }] }, $unset: { tags: '', missing: '' } },
    )
    const [one, two] = [await direct.findOne({ _id: 1 }), await general.findOne({ _id: 1 })]
    expect(one).toEqual(two)
    // An existing field keeps its place, a new one comes last, as MongoDB orders them.
    expect(Object.keys(one ?? {})).toEqual(['_id', 'a', 'b', 'e', 'n'])
    expect(Object.keys(two ?? {})).toEqual(['_id', 'a', 'b', 'e', 'n'])
    // A second update of the nested value changes only that document.
    await direct.updateOne({ _id: 1 }, { $set: { 'n.deep.list.0': 9 } })
    expect((await direct.findOne({ _id: 1 }))?.n).toEqual({ deep: { list: [9, 2, { z: new Date(0) }] } })
    expect((await general.findOne({ _id: 1 }))?.n).toEqual(nested)
  })
})
