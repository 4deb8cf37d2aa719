import type { Collection } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

interface Line {
  sku: string
  qty: number
  tags?: string[]
}
interface Order {
  _id: number
  lines: Line[]
}

let t: TestDb
let seq = 0

/** Three orders whose `lines` are arrays of subdocuments, in a fresh collection. */
async function orders(): Promise<Collection<Order>> {
  seq += 1
  const c = t.db.collection<Order>(`orders${seq}`)
  await c.insertMany([
    {
      _id: 1,
      lines: [
        { sku: 'a', qty: 5 },
        { sku: 'b', qty: 1, tags: ['x'] },
      ],
    },
    { _id: 2, lines: [{ sku: 'b', qty: 7 }] },
    { _id: 3, lines: [] },
  ])
  return c
}

beforeAll(async () => {
  t = await openTestDb('driver_arrays')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: paths through arrays of subdocuments', () => {
  it('when a query names a dotted path into an array, then any element may match', async () => {
    const c = await orders()
    const ids = async (filter: object): Promise<unknown[]> =>
      (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id)
    expect(await ids({ 'lines.sku': 'b' })).toEqual([1, 2])
    expect(await ids({ 'lines.qty': { $gt: 6 } })).toEqual([2])
    // Without $elemMatch the two conditions may be met by different elements.
    expect(await ids({ 'lines.sku': 'a', 'lines.qty': 1 })).toEqual([1])
    expect(await ids({ lines: { $elemMatch: { sku: 'a', qty: 1 } } })).toEqual([])
    expect(await ids({ lines: { $elemMatch: { sku: 'b', qty: { $gte: 1 } } } })).toEqual([1, 2])
    expect(await ids({ 'lines.tags': 'x' })).toEqual([1])
    expect(await ids({ 'lines.0.sku': 'b' })).toEqual([2])
    expect(await ids({ lines: { $size: 0 } })).toEqual([3])
    expect(await ids({ 'lines.sku': { $exists: false } })).toEqual([3])
  })

  it('when distinct names a dotted path into an array, then the values of every element are collected', async () => {
    const c = await orders()
    expect((await c.distinct('lines.sku')).sort()).toEqual(['a', 'b'])
    expect((await c.distinct('lines.qty')).sort((a, b) => Number(a) - Number(b))).toEqual([1, 5, 7])
  })

  it('when a projection names a dotted path into an array, then each element keeps only that field', async () => {
    const c = await orders()
    expect(await c.findOne({ _id: 1 }, { projection: { 'lines.sku': 1, _id: 0 } })).toEqual({
      lines: [{ sku: 'a' }, { sku: 'b' }],
    })
    expect(await c.findOne({ _id: 1 }, { projection: { lines: { $elemMatch: { qty: { $lt: 3 } } } } })).toEqual({
      _id: 1,
      lines: [{ sku: 'b', qty: 1, tags: ['x'] }],
    })
  })

  it('when sorting by a dotted path into an array, then ascending uses the smallest value and descending the largest', async () => {
    const c = await orders()
    const byQty = (
      await c
        .find({ _id: { $in: [1, 2] } })
        .sort({ 'lines.qty': 1 })
        .toArray()
    ).map((d) => d._id)
    expect(byQty).toEqual([1, 2])
    const byQtyDesc = (
      await c
        .find({ _id: { $in: [1, 2] } })
        .sort({ 'lines.qty': -1 })
        .toArray()
    ).map((d) => d._id)
    expect(byQtyDesc).toEqual([2, 1])
  })

  it('when updates address array elements by index, by positional $ and by $[], then the right elements change', async () => {
    const c = await orders()
    await c.updateOne({ _id: 1 }, { $set: { 'lines.1.qty': 2 } })
    await c.updateOne({ _id: 1, 'lines.sku': 'a' }, { $inc: { 'lines.$.qty': 10 } })
    await c.updateOne({ _id: 2 }, { $mul: { 'lines.$[].qty': 2 } })
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      lines: [
        { sku: 'a', qty: 15 },
        { sku: 'b', qty: 2, tags: ['x'] },
      ],
    })
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, lines: [{ sku: 'b', qty: 14 }] })
  })

  it('when $pull, $addToSet and $pop act on arrays of subdocuments, then whole-document equality and conditions apply', async () => {
    const c = await orders()
    await c.updateOne({ _id: 1 }, { $pull: { lines: { qty: { $lt: 3 } } } })
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, lines: [{ sku: 'a', qty: 5 }] })
    await c.updateOne({ _id: 1 }, { $addToSet: { lines: { sku: 'a', qty: 5 } } })
    await c.updateOne({ _id: 1 }, { $addToSet: { lines: { qty: 5, sku: 'a' } } })
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      lines: [
        { sku: 'a', qty: 5 },
        { qty: 5, sku: 'a' },
      ],
    })
    await c.updateOne({ _id: 1 }, { $pop: { lines: -1 } })
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, lines: [{ qty: 5, sku: 'a' }] })
  })

  it('when $unset names an array element, then the element becomes null rather than being removed', async () => {
    seq += 1
    const c = t.db.collection<LooseDoc>(`unset${seq}`)
    await c.insertOne({ _id: 1, list: ['a', 'b', 'c'] })
    await c.updateOne({ _id: 1 }, { $unset: { 'list.1': '' } })
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, list: ['a', null, 'c'] })
  })
})
