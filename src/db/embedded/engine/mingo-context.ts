import { Decimal128, Long, ObjectId } from 'bson'
import { Context, ProcessingMode } from 'mingo'
import { evalExpr } from 'mingo/core'
import type { Options } from 'mingo/types'
import { resolve } from 'mingo/util'
import { TYPE_CODES, bsonTypeName, typeClassOf, type Doc } from './bson-values.js'
import { compareValues } from './bson-order.js'

/**
 * mingo compares BSON classes by `toString` and knows only JS type names. These operators replace its range
 * comparisons, `$type`, `$toObjectId` and `$toString` with MongoDB's behaviour: values compare only within one
 * type class (Decimal128 and Long are numbers), in BSON order.
 */
type Predicate = (obj: Doc) => boolean

/** The values a query path reaches: the field itself and, when it is an array, each element. */
function candidatesAt(obj: Doc, selector: string): unknown[] {
  const v: unknown = resolve(obj, selector, { unwrapArray: true })
  return Array.isArray(v) ? [v, ...(v as unknown[])] : [v]
}

function rangeOperator(accept: (c: number) => boolean) {
  return (selector: string, value: unknown, _options: Options): Predicate => {
    const cls = typeClassOf(value)
    return (obj) => candidatesAt(obj, selector).some((x) => typeClassOf(x) === cls && accept(compareValues(x, value)))
  }
}

function typeMatches(v: unknown, wanted: unknown): boolean {
  const name = typeof wanted === 'number' ? TYPE_CODES[wanted] : wanted
  const actual = bsonTypeName(v)
  if (name === 'number') return ['int', 'long', 'double', 'decimal'].includes(actual)
  return actual === name
}

function $type(selector: string, value: unknown, _options: Options): Predicate {
  const wanted = Array.isArray(value) ? (value as unknown[]) : [value]
  return (obj) => {
    const v: unknown = resolve(obj, selector, { unwrapArray: true })
    if (v === undefined) return false
    const cands = Array.isArray(v) ? [v, ...(v as unknown[])] : [v]
    return cands.some((x) => wanted.some((w) => typeMatches(x, w)))
  }
}

function $toObjectId(obj: Doc, expr: unknown, options: Options): unknown {
  const v: unknown = evalExpr(obj, expr, options)
  if (v === null || v === undefined) return null
  if (v instanceof ObjectId) return v
  if (typeof v === 'string' && ObjectId.isValid(v) && v.length === 24) return new ObjectId(v)
  throw new Error(`Failed to parse objectId '${JSON.stringify(v)}' in $convert with no onError value`)
}

function $toString(obj: Doc, expr: unknown, options: Options): unknown {
  const v: unknown = evalExpr(obj, expr, options)
  if (v === null || v === undefined) return null
  if (v instanceof Date) return v.toISOString()
  if (v instanceof ObjectId) return v.toHexString()
  if (v instanceof Decimal128 || v instanceof Long) return v.toString()
  if (v instanceof RegExp) return v.toString()
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  throw new Error('$toString cannot convert from object to string')
}

export const mongoContext = Context.init({
  query: {
    $gt: rangeOperator((c) => c > 0),
    $gte: rangeOperator((c) => c >= 0),
    $lt: rangeOperator((c) => c < 0),
    $lte: rangeOperator((c) => c <= 0),
    $type,
  },
  expression: { $toObjectId, $toString },
})

/** Options for every mingo Query, Aggregator and update the server runs. Inputs are cloned by the server itself. */
export const queryOptions: Partial<Options> = {
  context: mongoContext,
  processingMode: ProcessingMode.CLONE_OFF,
  useStrictMode: true,
}
