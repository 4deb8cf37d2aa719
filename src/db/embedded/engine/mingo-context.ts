import { Decimal128, Long, ObjectId } from 'bson'
import { Aggregator } from 'mingo/aggregator'
import { Context, ProcessingMode, evalExpr } from 'mingo/core'
import * as accumulatorOperators from 'mingo/operators/accumulator'
import * as expressionOperators from 'mingo/operators/expression'
import * as pipelineOperators from 'mingo/operators/pipeline'
import * as projectionOperators from 'mingo/operators/projection'
import * as queryOperators from 'mingo/operators/query'
import * as windowOperators from 'mingo/operators/window'
import { Query } from 'mingo/query'
import type { Options } from 'mingo/types'
import { resolve } from 'mingo/util'
import { TYPE_CODES, TypeClass, bsonTypeName, isPlainObject, toNumber, typeClassOf, type Doc } from './bson-values.js'
import { compareValues, valueKey } from './bson-order.js'

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

function isNumeric(v: unknown): boolean {
  return typeClassOf(v) === TypeClass.Number
}

/** True when some value at the path equals `value` numerically (1 equals Long(1) and Decimal128('1')). */
function numericallyEqual(obj: Doc, selector: string, value: unknown): boolean {
  const want = toNumber(value)
  return candidatesAt(obj, selector).some((x) => isNumeric(x) && toNumber(x) === want)
}

/** mingo's equality, widened so numbers of every BSON width compare by value, and subdocuments by field order. */
function $eq(selector: string, value: unknown, options: Options): Predicate {
  const base = queryOperators.$eq(selector, value, options)
  if (isPlainObject(value)) {
    // BSON documents are equal only with the same fields in the same order; mingo ignores the order.
    const key = valueKey(value)
    return (obj) => candidatesAt(obj, selector).some((x) => valueKey(x) === key)
  }
  if (!isNumeric(value)) return base
  return (obj) => base(obj) || numericallyEqual(obj, selector, value)
}

function $ne(selector: string, value: unknown, options: Options): Predicate {
  const eq = $eq(selector, value, options)
  return (obj) => !eq(obj)
}

function $in(selector: string, value: unknown, options: Options): Predicate {
  const base = queryOperators.$in(selector, value, options)
  const numbers = Array.isArray(value) ? (value as unknown[]).filter(isNumeric) : []
  if (numbers.length === 0) return base
  return (obj) => base(obj) || numbers.some((n) => numericallyEqual(obj, selector, n))
}

function $nin(selector: string, value: unknown, options: Options): Predicate {
  const inside = $in(selector, value, options)
  return (obj) => !inside(obj)
}

/**
 * mingo merges contexts so that the first one to define an operator wins, and its `Query`/`Aggregator` from the
 * package root put the defaults first. So the server builds its own full context, overrides first, and uses the
 * base classes directly.
 */
const mongoContext = Context.init({
  accumulator: { ...accumulatorOperators },
  expression: { ...expressionOperators, $toObjectId, $toString },
  pipeline: { ...pipelineOperators },
  projection: { ...projectionOperators },
  query: {
    ...queryOperators,
    $eq,
    $ne,
    $in,
    $nin,
    $gt: rangeOperator((c) => c > 0),
    $gte: rangeOperator((c) => c >= 0),
    $lt: rangeOperator((c) => c < 0),
    $lte: rangeOperator((c) => c <= 0),
    $type,
  },
  window: { ...windowOperators },
})

/** Options for every mingo Query, Aggregator and update the server runs. Inputs are cloned by the server itself. */
export const queryOptions: Partial<Options> = {
  context: mongoContext,
  processingMode: ProcessingMode.CLONE_OFF,
  useStrictMode: true,
}

export function newQuery(filter: Doc): Query {
  return new Query(filter, queryOptions)
}

export function newAggregator(stages: Doc[], extra: Partial<Options> = {}): Aggregator {
  return new Aggregator(stages, { ...queryOptions, ...extra })
}
