import { isDeepStrictEqual } from 'node:util'
import {
  Binary,
  BSONRegExp,
  Code,
  DBRef,
  Decimal128,
  deserialize,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
  UUID,
} from 'bson'
import type { Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { decodeBson } from '../../src/db/embedded/storage/bson-reader.js'

/** Same values, same classes, same key order at every level: what recovery must rebuild. */
function expectSameDecode(payload: Buffer): void {
  const expected = deserialize(payload)
  const actual = decodeBson(payload)
  expect(isDeepStrictEqual(actual, expected)).toBe(true)
  expect(keyOrder(actual)).toEqual(keyOrder(expected))
}

function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder)
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return null
  return Object.entries(value as Document).map(([key, inner]) => [key, keyOrder(inner)])
}

/** Throws what js-bson throws, or both decode. */
function outcome(decode: (payload: Buffer) => Document, payload: Buffer): string {
  try {
    return `ok ${JSON.stringify(keyOrder(decode(payload)))}`
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message}`
  }
}

const booking = (i: number): Document => ({
  _id: new ObjectId(),
  company_name: `COMPANY ${i}`,
  email: `c${i}@example.com`,
  services: [`Service ${i % 30}`, 'GST'],
  total_amount: 10_000.5,
  term_1: i % 3 === 0 ? 1000 : 0,
  payment_date: i % 2 ? new Date(Date.UTC(2024, 0, 1) + i * 86_400_000) : null,
  remark: i % 5 === 0 ? 'नमस्ते ₹ 1,000 — reçu 😀' : '',
  paid: i % 2 === 0,
  nested: { a: i, b: { c: [1, { d: 'x' }], e: [] }, f: {} },
  _rev: i,
  deletedAt: null,
})

describe('decodeBson (recovery decoder) gives what js-bson deserialize gives', () => {
  it('decodes the documents the app stores, shape after shape', () => {
    const payloads = Array.from({ length: 200 }, (_, i) =>
      Buffer.from(serialize({ t: 'put', db: 'crm', coll: 'c', doc: booking(i) })),
    )
    for (const payload of payloads) expectSameDecode(payload)
  })

  it('keeps numbers as js-bson promotes them: int32, doubles, int64 within and beyond 2^53, dates before 1970', () => {
    const doc = {
      i32: new Int32(-5),
      dbl: new Double(3),
      nan: Number.NaN,
      negZero: -0,
      inf: -Infinity,
      small: Long.fromNumber(-42),
      safe: Long.fromNumber(2 ** 53),
      unsafe: Long.fromString('9007199254740993'),
      edge: Long.fromString('-9007199254740992'),
      beyond: Long.fromString('-9007199254740993'),
      minLong: Long.MIN_VALUE,
      old: new Date(-86_400_000 * 365 * 30 - 1),
      far: new Date(8.64e15),
    }
    expectSameDecode(Buffer.from(serialize(doc)))
    expect(decodeBson(Buffer.from(serialize(doc))).unsafe).toBeInstanceOf(Long)
  })

  it('hands every other BSON type to js-bson, with the same result', () => {
    const doc = {
      bin: new Binary(Buffer.from([1, 2, 3])),
      uuid: new UUID(),
      dec: Decimal128.fromString('1.10'),
      re: /ab+c/i,
      bre: new BSONRegExp('x', 'm'),
      code: new Code('1 + 1'),
      ts: new Timestamp({ t: 1, i: 2 }),
      min: new MinKey(),
      max: new MaxKey(),
      ref: new DBRef('users', new ObjectId()),
      undef: undefined,
    }
    for (const [key, value] of Object.entries(doc)) expectSameDecode(Buffer.from(serialize({ key, value, after: 1 })))
    expectSameDecode(Buffer.from(serialize(doc, { ignoreUndefined: false })))
  })

  it('handles keys that objects treat specially: $-keys, __proto__, numeric keys, unicode keys', () => {
    expectSameDecode(Buffer.from(serialize({ $ref: 'users', $id: 1 })))
    expectSameDecode(Buffer.from(serialize({ a: { $ref: 'users', $id: 1, $db: 'x' } })))
    expectSameDecode(Buffer.from(serialize({ a: 1, $set: { b: 2 } })))
    const proto = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as Document
    const payload = Buffer.from(serialize(proto))
    expectSameDecode(payload)
    expect(Object.getPrototypeOf(decodeBson(payload))).toBe(Object.prototype)
    expectSameDecode(Buffer.from(serialize({ b: 1, 10: 'ten', 2: 'two', 'clé ✓': true, '': 'empty' })))
  })

  it('keeps the first position and last value of a key written twice', () => {
    const doc = Buffer.from(serialize({ a: 1, b: 2, c: 3 }))
    doc.write('a', doc.indexOf('c\0'), 'latin1') // BSON allows it; objects keep one `a`
    expectSameDecode(doc)
  })

  it('decodes documents beyond its shape limits (many fields, many shapes, deep nesting) the same way', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, k) => [`f${k}`, k]))
    expectSameDecode(Buffer.from(serialize(wide)))
    for (let i = 0; i < 2500; i += 1)
      expectSameDecode(Buffer.from(serialize({ [`k${i}`]: i, z: { [`n${i % 50}`]: i } })))
    let deep: Document = { leaf: 1 }
    for (let level = 0; level < 90; level += 1) deep = level % 2 ? { level, deep } : { level, list: [deep] }
    expectSameDecode(Buffer.from(serialize(deep)))
  })

  it('refuses what js-bson refuses: invalid UTF-8, bad lengths, bad booleans, truncation', () => {
    const text = Buffer.from(serialize({ s: 'abcé', long: 'x'.repeat(40) + 'é' }))
    const cases: Buffer[] = []
    const badUtf8 = Buffer.from(text)
    badUtf8[text.indexOf('é')] = 0xff
    cases.push(badUtf8)
    const badUtf8Long = Buffer.from(text)
    badUtf8Long[text.lastIndexOf(Buffer.from('é'))] = 0xc3
    badUtf8Long[text.lastIndexOf(Buffer.from('é')) + 1] = 0x41
    cases.push(badUtf8Long)
    const bool = Buffer.from(serialize({ b: true }))
    bool[bool.length - 2] = 2
    cases.push(bool)
    const strLen = Buffer.from(text)
    strLen.writeInt32LE(1000, text.indexOf('s\0') + 2)
    cases.push(strLen)
    const inner = Buffer.from(serialize({ o: { a: 1 } }))
    inner.writeInt32LE(3, inner.indexOf('o\0') + 2)
    cases.push(inner)
    cases.push(text.subarray(0, text.length - 3))
    for (const payload of cases) expect(outcome(decodeBson, payload)).toBe(outcome(deserialize, payload))
  })
})
