import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb'
import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, isExternalServer, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

let t: TestDb
let seq = 0
function coll<T extends Document = LooseDoc>(): Collection<T> {
  seq += 1
  return t.db.collection<T>(`b${seq}`)
}

beforeAll(async () => {
  t = await openTestDb('driver_bson')
})
afterAll(async () => {
  await closeTestDb(t)
})

describe('driver: BSON types', () => {
  it('when ObjectId, Date, Long > 2^53, Decimal128, Binary and nested arrays are stored, then they read back identical', async () => {
    const items = coll()
    const id = new ObjectId()
    const ref = new ObjectId()
    const when = new Date('2024-02-29T12:34:56.789Z')
    const ancient = new Date('0001-01-01T00:00:00.000Z')
    const future = new Date('9999-12-31T23:59:59.999Z')
    const big = Long.fromString('9007199254740993')
    const bytes = new Binary(Buffer.from([0, 1, 2, 250, 255]), Binary.SUBTYPE_USER_DEFINED)
    const uuid = new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), Binary.SUBTYPE_UUID)
    await items.insertOne({
      _id: id,
      ref,
      when,
      big,
      price: Decimal128.fromString('9.99'),
      bytes,
      uuid,
      nested: [[1, [2, 3]], [], [{ a: [when] }]],
      empty: {},
      nothing: null,
      flag: false,
      text: 'héllo ✓',
      ancient,
      future,
    })
    const stored = await items.findOne({ _id: id })
    expect(stored?._id).toBeInstanceOf(ObjectId)
    expect(stored?._id instanceof ObjectId && stored._id.toHexString()).toBe(id.toHexString())
    expect(stored?.ref).toEqual(ref)
    expect(stored?.when).toEqual(when)
    expect(stored?.big).toBeInstanceOf(Long)
    expect((stored?.big as Long).toString()).toBe('9007199254740993')
    expect(stored?.price).toBeInstanceOf(Decimal128)
    expect((stored?.price as Decimal128).toString()).toBe('9.99')
    expect(stored?.bytes).toBeInstanceOf(Binary)
    expect((stored?.bytes as Binary).sub_type).toBe(Binary.SUBTYPE_USER_DEFINED)
    expect(Buffer.from((stored?.bytes as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 250, 255]))
    expect((stored?.uuid as Binary).sub_type).toBe(Binary.SUBTYPE_UUID)
    expect(stored?.nested).toEqual([[1, [2, 3]], [], [{ a: [when] }]])
    expect(stored).toMatchObject({ empty: {}, nothing: null, flag: false, text: 'héllo ✓', ancient, future })
  })

  it('when ObjectId, Date and Long values are used in filters, then they match by value', async () => {
    const items = coll()
    const ref = new ObjectId()
    const big = Long.fromString('9007199254740993')
    await items.insertMany([
      { n: 1, ref, at: new Date('2024-01-01'), big },
      { n: 2, ref: new ObjectId(), at: new Date('2024-06-01'), big: Long.fromString('9007199254740995') },
    ])
    const ns = async (filter: Document): Promise<unknown[]> =>
      (await items.find(filter).sort({ n: 1 }).toArray()).map((d): unknown => d.n)
    expect(await ns({ ref: new ObjectId(ref.toHexString()) })).toEqual([1])
    expect(await ns({ ref: { $in: [new ObjectId(ref.toHexString())] } })).toEqual([1])
    expect(await ns({ at: new Date('2024-06-01') })).toEqual([2])
    expect(await ns({ at: { $gte: new Date('2024-03-01'), $lt: new Date('2025-01-01') } })).toEqual([2])
    expect(await ns({ big: Long.fromString('9007199254740993') })).toEqual([1])
    expect(await ns({ big: { $gt: Long.fromString('9007199254740994') } })).toEqual([2])
  })

  it('when a field holds Decimal128, then numeric comparisons and sorts treat it as a number', async () => {
    const items = coll()
    await items.insertMany([
      { _id: 'a', p: Decimal128.fromString('9.99') },
      { _id: 'b', p: 3 },
      { _id: 'c', p: Decimal128.fromString('1.5') },
      { _id: 'd', p: 5.5 },
      { _id: 'e', p: Long.fromNumber(7) },
    ])
    const ids = async (filter: Document): Promise<unknown[]> =>
      (await items.find(filter).sort({ p: 1 }).toArray()).map((d) => d._id)
    expect(await ids({ p: { $gt: 5 } })).toEqual(['d', 'e', 'a'])
    expect(await ids({ p: { $lte: 3 } })).toEqual(['c', 'b'])
    expect(await ids({ p: Decimal128.fromString('3') })).toEqual(['b'])
    expect(await ids({ p: 1.5 })).toEqual(['c'])
    expect(await ids({})).toEqual(['c', 'b', 'd', 'e', 'a'])
  })

  it('when int, double and long are stored, then each matches $type number and reads back as the same value', async () => {
    const items = coll()
    await items.insertOne({
      _id: 1,
      i: new Int32(1),
      d: new Double(1),
      l: Long.fromNumber(1),
      big: Long.fromString('9007199254740993'),
    })
    expect(await items.countDocuments({ i: { $type: 'number' }, d: { $type: 'number' }, l: { $type: 'number' } })).toBe(
      1,
    )
    expect(await items.countDocuments({ i: 1, d: 1, l: 1 })).toBe(1)
    const raw = await items.findOne({ _id: 1 }, { promoteValues: false })
    // Beyond 2^53 a Long keeps its type on both servers.
    expect(raw?.big).toBeInstanceOf(Long)
    expect(String(raw?.big)).toBe('9007199254740993')
    if (isExternalServer) {
      // MongoDB keeps each numeric width. The embedded server stores small numbers as JS numbers (docs/embedded-db.md,
      // "Numeric width"): equal by value, indexed and compared as MongoDB does, read back as the narrowest BSON type.
      expect(raw?.i).toBeInstanceOf(Int32)
      expect(raw?.d).toBeInstanceOf(Double)
      expect(raw?.l).toBeInstanceOf(Long)
    } else {
      expect([raw?.i, raw?.d, raw?.l].map(Number)).toEqual([1, 1, 1])
    }
  })
})

describe('driver: type-aware queries', () => {
  it('when $type names objectId, decimal or string, then only fields of that BSON type match', async () => {
    const items = coll()
    const oid = new ObjectId()
    await items.insertMany([
      { _id: 1, v: oid },
      { _id: 2, v: oid.toHexString() },
      { _id: 3, v: Decimal128.fromString('2.50') },
      { _id: 4, v: 2.5 },
      { _id: 5, v: null },
    ])
    const ids = async (filter: Document): Promise<unknown[]> =>
      (await items.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id)
    expect(await ids({ v: { $type: 'objectId' } })).toEqual([1])
    expect(await ids({ v: { $type: 7 } })).toEqual([1])
    expect(await ids({ v: { $type: 'decimal' } })).toEqual([3])
    expect(await ids({ v: { $type: 'string' } })).toEqual([2])
    expect(await ids({ v: { $type: 'null' } })).toEqual([5])
    expect(await ids({ v: { $type: ['objectId', 'string'] } })).toEqual([1, 2])
  })

  it('when an aggregate converts a hex string with $toObjectId, then it yields an ObjectId that matches the stored one', async () => {
    const items = coll()
    const oid = new ObjectId()
    await items.insertOne({ _id: 1, s: oid.toHexString(), ref: oid })
    const [row] = await items
      .aggregate([
        {
          $project: {
            _id: 0,
            oid: { $toObjectId: '$s' },
            same: { $eq: [{ $toObjectId: '$s' }, '$ref'] },
            back: { $toString: '$ref' },
          },
        },
      ])
      .toArray()
    expect(row?.oid).toBeInstanceOf(ObjectId)
    expect((row?.oid as ObjectId).equals(oid)).toBe(true)
    expect(row?.same).toBe(true)
    expect(row?.back).toBe(oid.toHexString())
  })

  it('when values of different BSON types are sorted, then they follow the BSON comparison order', async () => {
    const items = coll()
    const oid = new ObjectId()
    const date = new Date('2020-01-01')
    await items.insertMany([
      { _id: 'date', v: date },
      { _id: 'true', v: true },
      { _id: 'oid', v: oid },
      { _id: 'array', v: [[1]] },
      { _id: 'object', v: { a: 1 } },
      { _id: 'string', v: 'abc' },
      { _id: 'double', v: 2.5 },
      { _id: 'int', v: -1 },
      { _id: 'null', v: null },
      { _id: 'false', v: false },
    ])
    const ascending = (await items.find().sort({ v: 1 }).toArray()).map((d) => d._id)
    expect(ascending).toEqual(['null', 'int', 'double', 'string', 'object', 'array', 'oid', 'false', 'true', 'date'])
    const descending = (await items.find().sort({ v: -1 }).toArray()).map((d) => d._id)
    expect(descending).toEqual([...ascending].reverse())
  })

  it('when a sort field holds arrays, then ascending uses the smallest element and descending the largest', async () => {
    const items = coll()
    await items.insertMany([
      { _id: 'a', v: [5, 1] },
      { _id: 'b', v: 3 },
      { _id: 'c', v: [4, 9] },
    ])
    expect((await items.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual(['a', 'b', 'c'])
    expect((await items.find().sort({ v: -1 }).toArray()).map((d) => d._id)).toEqual(['c', 'a', 'b'])
  })

  it('when documents are sorted by ObjectId and Date, then the order is by value', async () => {
    const items = coll()
    const ids = [0x10, 0x02, 0x33].map((n) => new ObjectId(n.toString(16).padStart(24, '0')))
    await items.insertMany(ids.map((_id, i) => ({ _id, at: new Date(2020, 0, 3 - i) })))
    const byId = (await items.find().sort({ _id: 1 }).toArray()).map((d) =>
      d._id instanceof ObjectId ? d._id.toHexString() : null,
    )
    expect(byId).toEqual([ids[1], ids[0], ids[2]].map((id) => id?.toHexString()))
    const byDate = (await items.find().sort({ at: 1 }).toArray()).map((d) =>
      d._id instanceof ObjectId ? d._id.toHexString() : null,
    )
    expect(byDate).toEqual([ids[2], ids[1], ids[0]].map((id) => id?.toHexString()))
  })
})
