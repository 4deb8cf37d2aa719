import { Binary, type ObjectId, type Timestamp } from 'bson'
import { TypeClass, isPlainObject, toNumber, typeClassOf } from './bson-values.js'

/** Sentinels below and above every BSON value, for open index bounds. */
export const MIN_BOUND: unique symbol = Symbol('minBound')
export const MAX_BOUND: unique symbol = Symbol('maxBound')

function cmp<T extends number | string | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Total order over BSON values, as MongoDB sorts and indexes them. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === MIN_BOUND || b === MAX_BOUND) return -1
  if (a === MAX_BOUND || b === MIN_BOUND) return 1
  const ta = typeClassOf(a)
  const tb = typeClassOf(b)
  if (ta !== tb) return ta - tb
  return compareSameClass(ta, a, b)
}

/**
 * `compareValues` for index keys: two strings (a search index's grams, names, emails) compare without its type
 * dispatch, since inserting a booking's ~50 grams makes about 800 of these comparisons.
 */
export function compareKeyValues(x: unknown, y: unknown): number {
  return typeof x === 'string' && typeof y === 'string' ? (x < y ? -1 : x > y ? 1 : 0) : compareValues(x, y)
}

function compareSameClass(t: TypeClass, a: unknown, b: unknown): number {
  switch (t) {
    case TypeClass.Null:
    case TypeClass.MinKey:
    case TypeClass.MaxKey:
      return 0
    case TypeClass.Number:
      return compareNumbers(toNumber(a), toNumber(b))
    case TypeClass.String:
      return cmp(a as string, b as string)
    case TypeClass.Boolean:
      return cmp(Number(a), Number(b))
    case TypeClass.Date:
      return cmp((a as Date).getTime(), (b as Date).getTime())
    case TypeClass.ObjectId:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id)
    case TypeClass.Timestamp:
      return (a as Timestamp).compare(b as Timestamp)
    case TypeClass.Binary:
      return compareBinary(a, b)
    case TypeClass.Array:
      return compareArrays(a as unknown[], b as unknown[])
    case TypeClass.Object:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>)
    case TypeClass.RegExp:
      return cmp(String(a), String(b))
    case TypeClass.Other:
      return cmp(String(a), String(b))
  }
}

function compareNumbers(x: number, y: number): number {
  // MongoDB sorts NaN below every other number.
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1
  if (Number.isNaN(y)) return 1
  return cmp(x, y)
}

function bytesOf(v: unknown): Uint8Array {
  return v instanceof Binary ? v.buffer : (v as Uint8Array)
}

function compareBinary(a: unknown, b: unknown): number {
  const x = bytesOf(a)
  const y = bytesOf(b)
  if (x.length !== y.length) return x.length - y.length
  return Buffer.compare(x, y)
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length - b.length
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  const n = Math.min(ka.length, kb.length)
  for (let i = 0; i < n; i++) {
    const va = a[ka[i] as string]
    const vb = b[kb[i] as string]
    const byType = typeClassOf(va) - typeClassOf(vb)
    if (byType !== 0) return byType
    const byName = cmp(ka[i] as string, kb[i] as string)
    if (byName !== 0) return byName
    const byValue = compareValues(va, vb)
    if (byValue !== 0) return byValue
  }
  return ka.length - kb.length
}

/**
 * A string that is equal for two values exactly when MongoDB considers them equal (numbers by value across
 * int/long/double/decimal, ObjectIds by bytes, dates by instant). Used as the key of unique-index hash maps.
 */
export function valueKey(v: unknown): string {
  const t = typeClassOf(v)
  switch (t) {
    case TypeClass.Null:
      return 'z'
    case TypeClass.Number:
      return `n${toNumber(v)}`
    case TypeClass.String:
      return `s${v as string}`
    case TypeClass.Boolean:
      return v ? 'T' : 'F'
    case TypeClass.Date:
      return `d${(v as Date).getTime()}`
    case TypeClass.ObjectId:
      return objectIdKey(v as ObjectId)
    case TypeClass.Array:
      return `[${(v as unknown[]).map(valueKey).join(',')}]`
    case TypeClass.Object:
      return objectKey(v)
    case TypeClass.Binary:
      return `b${Buffer.from(bytesOf(v)).toString('base64')}`
    case TypeClass.MinKey:
    case TypeClass.MaxKey:
    case TypeClass.Timestamp:
    case TypeClass.RegExp:
    case TypeClass.Other:
      return `${t}:${String(v)}`
  }
}

/** js-bson 7 keeps an ObjectId's 12 bytes as four 24-bit integers (internal fields, hence the guard). */
interface ObjectIdWords {
  i0?: unknown
  i1: number
  i2: number
  i3: number
}

/**
 * 'o' then the 96 bits as eight 12-bit characters above ASCII (no ',', ']' or '}' that could blur an array's or
 * object's key): built flat in one call. The hex form (`o` + 24 hex digits) was a chain of 12 concatenations that
 * every Map lookup by `_id` flattened and hashed again: 2 to 3 µs per document replayed at start-up.
 */
function objectIdKey(id: ObjectId): string {
  const w = id as unknown as ObjectIdWords
  if (typeof w.i0 !== 'number') return `o${id.toHexString()}`
  const i0 = w.i0
  const { i1, i2, i3 } = w
  const c = (bits: number): number => 0x100 + bits
  return String.fromCharCode(
    0x6f,
    c(i0 >>> 12),
    c(i0 & 0xfff),
    c(i1 >>> 12),
    c(i1 & 0xfff),
    c(i2 >>> 12),
    c(i2 & 0xfff),
    c(i3 >>> 12),
    c(i3 & 0xfff),
  )
}

function objectKey(v: unknown): string {
  if (!isPlainObject(v)) return `?${String(v)}`
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}:${valueKey(x)}`)
    .join(',')}}`
}
