import { ObjectId } from 'mongodb'
import type { Collection } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let seq = 0
let users: Collection<LooseDoc>
let orders: Collection<LooseDoc>
const ann = new ObjectId()
const bob = new ObjectId()
const cid = new ObjectId()

/** A fresh pair of collections per test so a mutation by one pipeline cannot hide in another test. */
async function seed(): Promise<void> {
  seq += 1
  users = t.db.collection<LooseDoc>(`users${seq}`)
  orders = t.db.collection<LooseDoc>(`orders${seq}`)
  await users.insertMany([
    { _id: ann, name: 'Ann', city: 'Pune', tags: ['vip', 'new'], profile: { tier: 1 } },
    { _id: bob, name: 'Bob', city: 'Goa', tags: [], profile: { tier: 2 } },
    { _id: cid, name: 'Cid', city: 'Pune', profile: { tier: 3 } },
  ])
  await orders.insertMany([
    { _id: 1, userId: ann, total: 100, status: 'paid', at: new Date('2024-01-05') },
    { _id: 2, userId: ann, total: 50, status: 'open', at: new Date('2024-02-05') },
    { _id: 3, userId: bob, total: 70, status: 'paid', at: new Date('2024-02-10') },
    { _id: 4, userId: new ObjectId(), total: 5, status: 'paid', at: new Date('2024-03-01') },
  ])
}

beforeAll(async () => {
  t = await openTestDb('aggregation')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('aggregation: stages', () => {
  it('when $match, $group, $sort and $project run, then totals per user come out sorted', async () => {
    await seed()
    const rows = await orders
      .aggregate([
        { $match: { status: 'paid' } },
        {
          $group: {
            _id: '$userId',
            sum: { $sum: '$total' },
            n: { $sum: 1 },
            max: { $max: '$total' },
            firstAt: { $min: '$at' },
          },
        },
        { $sort: { sum: -1 } },
        { $project: { _id: 0, user: '$_id', sum: 1, n: 1, max: 1, firstAt: 1 } },
      ])
      .toArray()
    expect(rows).toHaveLength(3)
    expect(rows[0]).toEqual({ user: ann, sum: 100, n: 1, max: 100, firstAt: new Date('2024-01-05') })
    expect(rows[1]).toEqual({ user: bob, sum: 70, n: 1, max: 70, firstAt: new Date('2024-02-10') })
    expect(rows[2]?.sum).toBe(5)
  })

  it('when $group has _id null with $avg and $push, then one row summarises everything', async () => {
    await seed()
    const [row] = await orders
      .aggregate([{ $sort: { _id: 1 } }, { $group: { _id: null, avg: { $avg: '$total' }, ids: { $push: '$_id' } } }])
      .toArray()
    expect(row).toEqual({ _id: null, avg: 56.25, ids: [1, 2, 3, 4] })
  })

  it('when $unwind runs on an array, then each element becomes a row, and empty or missing arrays drop out', async () => {
    await seed()
    const rows = await users.aggregate([{ $unwind: '$tags' }, { $project: { _id: 0, name: 1, tags: 1 } }]).toArray()
    expect(rows).toEqual([
      { name: 'Ann', tags: 'vip' },
      { name: 'Ann', tags: 'new' },
    ])
    const kept = await users
      .aggregate([
        { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } },
        { $project: { _id: 0, name: 1, tags: 1, i: 1 } },
      ])
      .toArray()
    expect(kept).toEqual([
      { name: 'Ann', tags: 'vip', i: 0 },
      { name: 'Ann', tags: 'new', i: 1 },
      { name: 'Bob', i: null },
      { name: 'Cid', i: null },
    ])
  })

  it('when $lookup joins by localField and by pipeline, then each row carries its matches', async () => {
    await seed()
    const byField = await users
      .aggregate([
        { $lookup: { from: orders.collectionName, localField: '_id', foreignField: 'userId', as: 'orders' } },
        { $project: { name: 1, count: { $size: '$orders' } } },
        { $sort: { name: 1 } },
      ])
      .toArray()
    expect(byField.map((r): unknown[] => [r.name, r.count])).toEqual([
      ['Ann', 2],
      ['Bob', 1],
      ['Cid', 0],
    ])
    const byPipeline = await users
      .aggregate([
        { $match: { _id: ann } },
        {
          $lookup: {
            from: orders.collectionName,
            let: { uid: '$_id' },
            pipeline: [
              { $match: { $expr: { $and: [{ $eq: ['$userId', '$$uid'] }, { $gte: ['$total', 60] }] } } },
              { $project: { _id: 1 } },
            ],
            as: 'big',
          },
        },
      ])
      .toArray()
    expect(byPipeline[0]?.big).toEqual([{ _id: 1 }])
    const fromMissing = await users
      .aggregate([{ $lookup: { from: 'no_such_collection', localField: '_id', foreignField: 'x', as: 'none' } }])
      .toArray()
    expect(fromMissing.map((r): unknown => r.none)).toEqual([[], [], []])
  })

  it('when $facet and $count run, then each facet is computed over the same input', async () => {
    await seed()
    const [result] = await orders
      .aggregate([
        {
          $facet: {
            total: [{ $count: 'n' }],
            paid: [{ $match: { status: 'paid' } }, { $count: 'n' }],
            top: [{ $sort: { total: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }],
          },
        },
      ])
      .toArray()
    expect(result).toEqual({ total: [{ n: 4 }], paid: [{ n: 3 }], top: [{ _id: 1 }, { _id: 3 }] })
    expect(await orders.aggregate([{ $match: { total: { $gt: 1000 } } }, { $count: 'n' }]).toArray()).toEqual([])
  })

  it('when expressions format dates and compute fields, then the values are the MongoDB ones', async () => {
    await seed()
    const rows = await orders
      .aggregate([
        { $match: { _id: { $in: [1, 3] } } },
        { $sort: { _id: 1 } },
        {
          $project: {
            month: { $dateToString: { format: '%Y-%m', date: '$at' } },
            big: { $cond: [{ $gte: ['$total', 80] }, 'yes', 'no'] },
            label: { $concat: ['#', { $toString: '$_id' }] },
          },
        },
      ])
      .toArray()
    expect(rows).toEqual([
      { _id: 1, month: '2024-01', big: 'yes', label: '#1' },
      { _id: 3, month: '2024-02', big: 'no', label: '#3' },
    ])
  })
})

describe('aggregation: stored data', () => {
  it('when pipelines unwind empty arrays and add fields to looked-up docs, then neither collection changes', async () => {
    await seed()
    const usersBefore = await users.find().sort({ _id: 1 }).toArray()
    const ordersBefore = await orders.find().sort({ _id: 1 }).toArray()
    await users
      .aggregate([
        { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } },
        { $addFields: { 'profile.tier': 99, extra: 1 } },
      ])
      .toArray()
    await orders
      .aggregate([
        { $lookup: { from: users.collectionName, localField: 'userId', foreignField: '_id', as: 'u' } },
        { $unwind: '$u' },
        { $addFields: { 'u.profile.flag': true, 'u.name': 'changed', total: 0 } },
        { $set: { 'u.tags': [] } },
        { $unset: 'status' },
      ])
      .toArray()
    expect(await users.find().sort({ _id: 1 }).toArray()).toEqual(usersBefore)
    expect(await orders.find().sort({ _id: 1 }).toArray()).toEqual(ordersBefore)
    expect(usersBefore.find((u) => u.name === 'Bob')?.tags).toEqual([])
  })

  it('when $out ends a pipeline, then it replaces the target collection with the results, which are findable', async () => {
    await seed()
    const target = t.db.collection<LooseDoc>(`report${seq}`)
    await target.insertOne({ _id: 'stale' })
    const rows = await orders
      .aggregate([{ $group: { _id: '$status', total: { $sum: '$total' } } }, { $out: target.collectionName }])
      .toArray()
    expect(rows).toEqual([])
    expect(await target.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'open', total: 50 },
      { _id: 'paid', total: 175 },
    ])
    expect(await target.findOne({ _id: 'paid' })).toEqual({ _id: 'paid', total: 175 })
    expect(await target.countDocuments({ total: { $gt: 100 } })).toBe(1)
  })

  it('when $merge ends a pipeline, then it upserts into the target by _id', async () => {
    await seed()
    const target = t.db.collection<LooseDoc>(`merged${seq}`)
    await target.insertOne({ _id: 'paid', total: 0, note: 'kept' })
    await orders
      .aggregate([
        { $group: { _id: '$status', total: { $sum: '$total' } } },
        { $merge: { into: target.collectionName } },
      ])
      .toArray()
    expect(await target.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'open', total: 50 },
      { _id: 'paid', total: 175, note: 'kept' },
    ])
  })
})
