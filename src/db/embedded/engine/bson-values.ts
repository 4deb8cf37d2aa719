import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson'

/** A stored document. Stored documents are never mutated: writes build a new object (copy-on-write). */
export type Doc = Record<string, unknown>

/**
 * BSON type classes in MongoDB's comparison order. Numbers of every width share one class, so that
 * `{a: 1}` equals `{a: Long(1)}` and `{a: Decimal128('1')}`; MongoDB compares them by value too.
 */
export const enum TypeClass {
  MinKey = 0,
  Null = 1,
  Number = 2,
  String = 3,
  Object = 4,
  Array = 5,
  Binary = 6,
  ObjectId = 7,
  Boolean = 8,
  Date = 9,
  Timestamp = 10,
  RegExp = 11,
  MaxKey = 12,
  Other = 13,
}

export function isPlainObject(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

export function typeClassOf(v: unknown): TypeClass {
  if (v === undefined || v === null) return TypeClass.Null
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return TypeClass.Number
    case 'string':
      return TypeClass.String
    case 'boolean':
      return TypeClass.Boolean
    case 'object':
      return objectTypeClass(v)
    case 'function':
    case 'symbol':
    case 'undefined':
      return TypeClass.Other
  }
  return TypeClass.Other
}

function objectTypeClass(v: object): TypeClass {
  if (Array.isArray(v)) return TypeClass.Array
  if (v instanceof Date) return TypeClass.Date
  if (v instanceof ObjectId) return TypeClass.ObjectId
  if (v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double) return TypeClass.Number
  if (v instanceof Timestamp) return TypeClass.Timestamp
  if (v instanceof Binary || v instanceof Uint8Array) return TypeClass.Binary
  if (v instanceof RegExp) return TypeClass.RegExp
  if (v instanceof MinKey) return TypeClass.MinKey
  if (v instanceof MaxKey) return TypeClass.MaxKey
  return isPlainObject(v) ? TypeClass.Object : TypeClass.Other
}

/** A JS number for any BSON numeric (Decimal128 and Long beyond 2^53 lose precision, which ordering tolerates). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Long) return v.toNumber()
  if (v instanceof Decimal128) return Number(v.toString())
  if (v instanceof Int32 || v instanceof Double) return v.valueOf()
  return Number.NaN
}

/** BSON type name as `$type` and `$type` aliases know it. */
export function bsonTypeName(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (typeof v === 'number') return Number.isInteger(v) ? (Math.abs(v) < 2 ** 31 ? 'int' : 'long') : 'double'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof Long) return 'long'
  if (v instanceof Decimal128) return 'decimal'
  if (v instanceof Int32) return 'int'
  if (v instanceof Double) return 'double'
  return objectTypeName(v)
}

function objectTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'date'
  if (v instanceof ObjectId) return 'objectId'
  if (v instanceof Timestamp) return 'timestamp'
  if (v instanceof Binary || v instanceof Uint8Array) return 'binData'
  if (v instanceof RegExp) return 'regex'
  if (v instanceof MinKey) return 'minKey'
  if (v instanceof MaxKey) return 'maxKey'
  return isPlainObject(v) ? 'object' : 'unknown'
}

/** Numeric `$type` codes mapped to names. */
export const TYPE_CODES: Readonly<Record<number, string>> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
}
