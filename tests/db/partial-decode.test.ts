import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
} from 'bson'
import type { Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { filterFields } from '../../src/db/embedded/engine/filter-fields.js'
import { decodeBson, decodeTopFields } from '../../src/db/embedded/storage/bson-reader.js'
import { wantedFields } from '../../src/db/embedded/storage/bson-skip.js'

// A full scan over recovered documents tests its filter on the fields it reads, decoded alone, the others stepped
// over by their lengths (bson-reader.ts `decodeTopFields`, bson-skip.ts). These check that the fields come out as
// the whole-document decoder gives them, whatever lies between them.

/** One value of every BSON type, as a field each: the ones the fast reader decodes and the ones it leaves to js-bson. */
const everyType: Document = {
  _id: new ObjectId(),
  double: 2.5,
  wholeDouble: new Double(3),
  text: 'Pune é ✓',
  empty: '',
  nested: { city: 'Delhi', tags: [{ k: 1 }, { k: 2 }], owner: new ObjectId() },
  list: ['a', 1, null, { deep: true }],
  binary: new Binary(Buffer.from([1, 2, 3]), 4),
  undef: undefined, // stored as null by js-bson 7
  flag: true,
  at: new Date(Date.UTC(2025, 5, 1)),
  nothing: null,
  regex: new BSONRegExp('^a.c', 'im'),
  code: new Code('function () { return 1 }'),
  symbol: new BSONSymbol('sym'),
  scoped: new Code('x', { x: 1 }),
  int: new Int32(-7),
  stamp: new Timestamp({ t: 5, i: 6 }),
  small: Long.fromNumber(123),
  huge: Long.fromString('9007199254740993'),
  price: Decimal128.fromString('10.25'),
  min: new MinKey(),
  max: new MaxKey(),
  last: 'the end',
}

/** The types the fast reader decodes itself; a wanted field of any other type makes it hand the document back. */
const READ_ALONE = ['_id', 'double', 'wholeDouble', 'text', 'empty', 'nested', 'list', 'flag', 'at', 'nothing', 'int']
const READ_ALONE_64 = ['small', 'huge']

describe('decoding only the fields a scan needs', () => {
  const bytes = Buffer.from(serialize(everyType, { ignoreUndefined: false }))
  const whole = decodeBson(bytes)

  it('when one field is wanted, then it comes out as the whole decode gives it, whatever types lie before and after it', () => {
    for (const field of [...READ_ALONE, ...READ_ALONE_64, 'last']) {
      const some = decodeTopFields(bytes, wantedFields([field]))
      expect(some, field).toStrictEqual({ [field]: whole[field] })
    }
  })

  it('when several fields are wanted, some absent, then the present ones come out and the absent stay absent', () => {
    const some = decodeTopFields(bytes, wantedFields(['last', 'missing', 'text', 'nested']))
    expect(some).toStrictEqual({ text: whole.text, nested: whole.nested, last: whole.last })
  })

  it('when a wanted field is of a type the fast reader leaves to js-bson, then the caller is told to decode it whole', () => {
    for (const field of ['binary', 'regex', 'code', 'symbol', 'scoped', 'stamp', 'price', 'min', 'max'])
      expect(decodeTopFields(bytes, wantedFields([field])), field).toBeUndefined()
  })

  it('when a top-level key starts with $ (js-bson may read a DBRef), or the bytes are cut, then it gives up', () => {
    const dollar = Buffer.from(serialize({ $ref: 'x', $id: 1, name: 'a' }))
    expect(decodeTopFields(dollar, wantedFields(['name']))).toBeUndefined()
    expect(decodeTopFields(bytes.subarray(0, bytes.length - 9), wantedFields(['last']))).toBeUndefined()
  })
})

describe('the fields a filter reads', () => {
  it('when a filter is made of field conditions, then it reads their top-level fields, inside $and, $or and $nor too', () => {
    expect(
      filterFields({
        bdm: { $regex: 'x', $options: 'i' },
        'customer.name': 'A',
        $or: [{ status: 'Paid' }, { $nor: [{ 'items.0.sku': { $exists: false } }] }],
        $and: [{ tags: { $elemMatch: { $in: ['a'] } } }],
      })?.sort(),
    ).toEqual(['bdm', 'customer', 'items', 'status', 'tags'])
  })

  it('when a filter has $expr, $where, $text or another top-level operator, then it may read anything', () => {
    for (const filter of [
      { $expr: { $gt: ['$a', '$b'] } },
      { a: 1, $where: 'true' },
      { $text: { $search: 'x' } },
      { $comment: 'c', a: 1 },
      { $or: [{ a: 1 }, { $expr: true }] },
      JSON.parse('{"__proto__": 1}') as Document,
    ])
      expect(filterFields(filter), JSON.stringify(filter)).toBeUndefined()
  })
})
