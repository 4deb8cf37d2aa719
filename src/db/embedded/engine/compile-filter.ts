import { TypeClass, isPlainObject, typeClassOf, type Doc } from './bson-values.js'
import { compareValues } from './bson-order.js'
import { newQuery } from './mingo-context.js'

/**
 * A query filter compiled once per command into plain closures for the operators nearly every query uses
 * (equality, ranges, `$in`/`$nin`, `$all`, `$ne`, `$exists`, `$regex`, `$and`/`$or`/`$nor`), with MongoDB's semantics as
 * the server's mingo context implements them: values compare within one BSON type class, an array field matches
 * when the array or any element does, missing equals null. Anything else (subdocument equality, `$elemMatch`,
 * `$expr`, `$type`...) is handed to mingo, one clause at a time, so mingo only runs where it is needed. A path that
 * crosses an array (`lines.sku` on a list of subdocuments) is also mingo's, per document.
 */
export type Predicate = (doc: Doc) => boolean

/** Type classes whose equality is exactly `compareValues(...) === 0`. */
const SIMPLE = new Set([
  TypeClass.Null,
  TypeClass.Number,
  TypeClass.String,
  TypeClass.Boolean,
  TypeClass.Date,
  TypeClass.ObjectId,
])

/** Returned by `valueAt` when a path crosses an array: MongoDB's rules there are mingo's job. */
const CROSSES_ARRAY: unique symbol = Symbol('crossesArray')

function valueAt(doc: Doc, parts: readonly string[]): unknown {
  let cur: unknown = doc
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) return CROSSES_ARRAY
    if (!isPlainObject(cur)) return undefined
    cur = cur[parts[i] as string]
  }
  return cur
}

/*
 * The predicates below run once per document examined: they loop instead of calling `some`/`every` with a new
 * arrow, and build their value tests once per command. An arrow made per call was most of the 860 bytes a
 * 100k-document regex scan allocated per document, and the scavenges that cost (bench:db).
 */

/** True when the value at the path, or (for an array) the array or one of its elements, satisfies `test`. */
function someCandidate(v: unknown, test: (x: unknown) => boolean): boolean {
  if (test(v)) return true
  if (!Array.isArray(v)) return false
  for (const x of v) if (test(x)) return true
  return false
}

/** `someCandidate` with its test fixed, built once per command. */
function anyCandidate(test: (x: unknown) => boolean): (v: unknown) => boolean {
  return (v) => someCandidate(v, test)
}

function anyPasses(parts: readonly Predicate[], doc: Doc): boolean {
  for (const p of parts) if (p(doc)) return true
  return false
}

function anyFails(parts: readonly Predicate[], doc: Doc): boolean {
  for (const p of parts) if (!p(doc)) return true
  return false
}

function isSimple(v: unknown): boolean {
  return SIMPLE.has(typeClassOf(v)) && !(typeof v === 'number' && Number.isNaN(v))
}

function equalsTo(value: unknown): (x: unknown) => boolean {
  if (typeof value === 'string') return (x) => x === value
  return (x) => compareValues(x, value) === 0
}

/** A RegExp without the stateful flags (`g`, `y` would make `test` remember its position). */
function stateless(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re
}

function regexOf(source: unknown, options: unknown): RegExp | undefined {
  if (source instanceof RegExp && options === undefined) return stateless(source)
  const flags = typeof options === 'string' ? options : ''
  if (typeof source !== 'string' || !/^[imsu]*$/.test(flags)) return undefined // `x` (extended) is mingo's
  return new RegExp(source, flags)
}

function matchesRegex(re: RegExp): (x: unknown) => boolean {
  return (x) => typeof x === 'string' && re.test(x)
}

type ValueTest = (x: unknown) => boolean

const RANGES: Record<string, (c: number) => boolean> = {
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
}

/** A test over the candidates of one field for one operator, or undefined when mingo must answer it. */
function operatorTest(op: string, arg: unknown, cond: Doc): ((v: unknown) => boolean) | undefined {
  const range = RANGES[op]
  if (range) {
    if (!isSimple(arg)) return undefined
    const cls = typeClassOf(arg)
    const inRange = (x: unknown): boolean => typeClassOf(x) === cls && range(compareValues(x, arg))
    return (v) => someCandidate(v, inRange)
  }
  switch (op) {
    case '$eq':
      return isSimple(arg) ? anyCandidate(equalsTo(arg)) : undefined
    case '$ne':
      return isSimple(arg) ? negate(anyCandidate(equalsTo(arg))) : undefined
    case '$in':
    case '$nin': {
      const inside = inTest(arg)
      if (!inside) return undefined
      return op === '$in' ? anyCandidate(inside) : negate(anyCandidate(inside))
    }
    case '$all':
      return allTest(arg)
    case '$exists':
      return arg ? (v) => v !== undefined : (v) => v === undefined
    case '$regex': {
      const re = regexOf(arg, cond.$options)
      return re ? anyCandidate(matchesRegex(re)) : undefined
    }
    case '$options':
      return '$regex' in cond ? () => true : undefined
    default:
      return undefined
  }
}

/** `{f: {$all: [a, b]}}` is `{f: a}` and `{f: b}`; an empty list matches nothing. Other forms are mingo's. */
function allTest(arg: unknown): ((v: unknown) => boolean) | undefined {
  if (!Array.isArray(arg) || !arg.every((v) => v !== null && isSimple(v))) return undefined
  const tests = arg.map(equalsTo)
  return (v) => {
    if (tests.length === 0) return false
    for (const t of tests) if (!someCandidate(v, t)) return false
    return true
  }
}

function negate(test: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) => !test(v)
}

function inTest(arg: unknown): ValueTest | undefined {
  if (!Array.isArray(arg)) return undefined
  const tests: ValueTest[] = []
  for (const value of arg) {
    if (value instanceof RegExp) tests.push(matchesRegex(stateless(value)))
    else if (isSimple(value)) tests.push(equalsTo(value))
    else return undefined
  }
  return (x) => {
    for (const t of tests) if (t(x)) return true
    return false
  }
}

/** The test of one field's condition over its value, or undefined when any part of it is mingo's. */
function conditionTest(cond: unknown): ((v: unknown) => boolean) | undefined {
  if (cond instanceof RegExp) return anyCandidate(matchesRegex(stateless(cond)))
  if (!isPlainObject(cond)) return isSimple(cond) ? anyCandidate(equalsTo(cond)) : undefined
  const keys = Object.keys(cond)
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return undefined
  const tests: ((v: unknown) => boolean)[] = []
  for (const key of keys) {
    const t = operatorTest(key, cond[key], cond)
    if (!t) return undefined
    tests.push(t)
  }
  return tests.length === 1
    ? tests[0]
    : (v) => {
        for (const t of tests) if (!t(v)) return false
        return true
      }
}

/** The regex of `/re/`, `{$regex: re}` or `{$regex: 'src', $options: 'i'}`, or undefined for any other condition. */
function regexCondition(cond: unknown): RegExp | undefined {
  if (cond instanceof RegExp) return stateless(cond)
  if (!isPlainObject(cond) || !('$regex' in cond)) return undefined
  const keys = Object.keys(cond)
  if (keys.length > 2 || (keys.length === 2 && !('$options' in cond))) return undefined
  return regexOf(cond.$regex, cond.$options)
}

/**
 * A regex on a top-level field as one closure: the string, or any string element of an array, matches. This is the
 * unified search's clause, eight of them per document in a full scan; through the general value tests it was four
 * nested calls per clause, which a process running many kinds of filter could not inline.
 */
function regexField(field: string, re: RegExp): Predicate {
  return (doc) => {
    const v = doc[field]
    if (typeof v === 'string') return re.test(v)
    if (!Array.isArray(v)) return false
    for (const x of v) if (typeof x === 'string' && re.test(x)) return true
    return false
  }
}

function fieldPredicate(field: string, cond: unknown): Predicate {
  const mingo = (): Predicate => {
    const query = newQuery({ [field]: cond })
    return (doc) => query.test(doc)
  }
  const re = field.includes('.') ? undefined : regexCondition(cond)
  if (re) return regexField(field, re)
  const test = conditionTest(cond)
  if (!test) return mingo()
  if (!field.includes('.')) return (doc) => test(doc[field])
  const parts = field.split('.')
  let fallback: Predicate | undefined
  return (doc) => {
    const v = valueAt(doc, parts)
    if (v !== CROSSES_ARRAY) return test(v)
    fallback ??= mingo()
    return fallback(doc)
  }
}

function clausesOf(list: unknown): Predicate[] | undefined {
  if (!Array.isArray(list) || list.length === 0 || !list.every(isPlainObject)) return undefined
  return list.map((part) => compileFilter(part))
}

function logicalPredicate(op: string, arg: unknown): Predicate | undefined {
  const parts = clausesOf(arg)
  if (!parts) return undefined
  if (op === '$and') return (doc) => !anyFails(parts, doc)
  if (op === '$or') return (doc) => anyPasses(parts, doc)
  if (op === '$nor') return (doc) => !anyPasses(parts, doc)
  return undefined
}

/** Compiles a filter once; the predicate tests stored documents without copying them. */
export function compileFilter(filter: Doc): Predicate {
  const preds: Predicate[] = []
  for (const [key, cond] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      const logical = logicalPredicate(key, cond)
      const query = logical ? undefined : newQuery({ [key]: cond })
      preds.push(logical ?? ((doc) => (query as ReturnType<typeof newQuery>).test(doc)))
    } else preds.push(fieldPredicate(key, cond))
  }
  if (preds.length === 0) return () => true
  if (preds.length === 1) return preds[0] as Predicate
  return (doc) => {
    for (const p of preds) if (!p(doc)) return false
    return true
  }
}
