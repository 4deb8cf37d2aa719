import { ObjectId } from 'bson'
import { update as mingoUpdate, type Modifier } from 'mingo/updater'
import { MongoCommandError, badValue } from '../errors.js'
import { TypeClass, isPlainObject, typeClassOf, type Doc } from './bson-values.js'
import { valueKey } from './bson-order.js'
import { cloneValue } from './clone.js'
import { newAggregator, queryOptions } from './mingo-context.js'
import { plainValueAt } from './paths.js'

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$currentDate',
  '$bit',
  '$setOnInsert',
])

export interface UpdateContext {
  /** The update's filter: positional `$` resolves against it. */
  query: Doc
  arrayFilters?: Doc[] | undefined
  /** True when building a new document for an upsert: `$setOnInsert` applies only then. */
  inserting: boolean
}

const immutableId = (): MongoCommandError =>
  new MongoCommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  )

/** A new document: `doc` with the update applied. `doc` itself is never modified. */
export function applyUpdate(doc: Doc, update: unknown, ctx: UpdateContext): Doc {
  if (Array.isArray(update)) return applyPipeline(doc, update as Doc[])
  if (!isPlainObject(update)) throw badValue('update must be an object or an aggregation pipeline')
  const keys = Object.keys(update)
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return applyReplacement(doc, update)
  return applyOperators(doc, update, ctx)
}

function applyReplacement(doc: Doc, replacement: Doc): Doc {
  if ('_id' in replacement && doc._id !== undefined && valueKey(replacement._id) !== valueKey(doc._id))
    throw immutableId()
  const { _id: replacementId, ...rest } = replacement
  const _id = doc._id !== undefined ? doc._id : replacementId
  return _id === undefined ? cloneValue(rest) : { _id, ...cloneValue(rest) }
}

function applyPipeline(doc: Doc, stages: Doc[]): Doc {
  const [out] = newAggregator(stages).run<Doc>([cloneValue(doc)])
  if (!out) throw badValue('pipeline update produced no document')
  if (doc._id !== undefined && valueKey(out._id) !== valueKey(doc._id)) throw immutableId()
  return out
}

function applyOperators(doc: Doc, update: Doc, ctx: UpdateContext): Doc {
  const modifier: Doc = {}
  for (const [op, args] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(op))
      throw new MongoCommandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      )
    if (!isPlainObject(args))
      throw new MongoCommandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${typeof args} instead.`,
      )
    if (op === '$setOnInsert') {
      if (ctx.inserting) modifier.$set = { ...(modifier.$set as Doc | undefined), ...args }
      continue
    }
    modifier[op] = op === '$set' ? { ...(modifier.$set as Doc | undefined), ...args } : args
  }
  checkConflicts(update)
  const newId = stripId(doc, modifier)
  checkArithmetic(doc, modifier)
  orderedAddToSet(doc, modifier)
  const direct = topLevelSetUnset(modifier)
  const out = direct ? { ...doc } : cloneValue(doc)
  if (newId !== undefined) out._id = newId
  if (direct) {
    for (const [field, value] of Object.entries(direct.set)) out[field] = cloneValue(value)
    for (const field of direct.unset) Reflect.deleteProperty(out, field)
  } else if (Object.keys(modifier).length > 0) {
    // The filter locates positional `$` elements; a new upsert document need not match it (e.g. `{n: {$gt: 5}}`).
    const condition = ctx.inserting ? undefined : ctx.query
    mingoUpdate(out, modifier as Modifier<Doc>, ctx.arrayFilters, condition, { cloneMode: 'deep', queryOptions })
  }
  return out
}

/**
 * A modifier of nothing but `$set`/`$unset` on top-level fields (the app's writes, the audit's commit markers): the
 * fields to set and to remove, applied without mingo on a shallow copy. Stored documents are never mutated, so the
 * copy may share the untouched values; set values are cloned as mingo's deep clone mode would. An existing field
 * keeps its place and a new one comes last, as in MongoDB. Undefined for anything else (mingo applies it).
 */
function topLevelSetUnset(modifier: Doc): { set: Doc; unset: string[] } | undefined {
  const set = (modifier.$set as Doc | undefined) ?? {}
  const unset = Object.keys((modifier.$unset as Doc | undefined) ?? {})
  const plain = (field: string): boolean =>
    field !== '' && field !== '__proto__' && !field.includes('.') && !field.startsWith('$')
  if (Object.keys(modifier).some((op) => op !== '$set' && op !== '$unset')) return undefined
  if (!Object.keys(set).every(plain) || !unset.every(plain)) return undefined
  return { set, unset }
}

/** Two operators (or two paths) that touch the same field or a field and its parent: MongoDB refuses with 40. */
function checkConflicts(update: Doc): void {
  const paths: string[] = []
  for (const [op, args] of Object.entries(update)) {
    if (!isPlainObject(args)) continue
    for (const [path, value] of Object.entries(args)) {
      paths.push(path)
      if (op === '$rename' && typeof value === 'string') paths.push(value)
    }
  }
  // Positional parts (`.$`, `.$[]`, `.$[e]`) name elements of the same array, so they are compared without them.
  const plain = paths.map((p) => p.replace(/\.\$(\[[^\]]*\])?/g, ''))
  plain.forEach((a, i) => {
    for (const b of plain.slice(i + 1)) {
      if (a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`)) {
        throw new MongoCommandError(
          'ConflictingUpdateOperators',
          `Updating the path '${b}' would create a conflict at '${a}'`,
        )
      }
    }
  })
}

/**
 * `$addToSet` of subdocuments: BSON documents are equal only with the same field order, which mingo ignores.
 * Such entries become a `$push` of the elements not already present (compared with field order).
 */
function orderedAddToSet(doc: Doc, modifier: Doc): void {
  const args = modifier.$addToSet as Doc | undefined
  if (!args) return
  for (const [path, arg] of Object.entries(args)) {
    const each = isPlainObject(arg) && Array.isArray(arg.$each) ? (arg.$each as unknown[]) : [arg]
    const current = plainValueAt(doc, path)
    if (path.includes('$') || !each.some(isPlainObject) || (current !== undefined && !Array.isArray(current))) continue
    const seen = new Set(((current as unknown[] | undefined) ?? []).map(valueKey))
    const fresh = each.filter((v) => {
      const key = valueKey(v)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    Reflect.deleteProperty(args, path)
    modifier.$push = { ...(modifier.$push as Doc | undefined), [path]: { $each: fresh } }
  }
  if (Object.keys(args).length === 0) delete modifier.$addToSet
}

/** `$inc`/`$mul` need numbers on both sides (mingo would concatenate strings); MongoDB answers 14 TypeMismatch. */
function checkArithmetic(doc: Doc, modifier: Doc): void {
  for (const op of ['$inc', '$mul']) {
    const args = modifier[op] as Doc | undefined
    if (!args) continue
    for (const [path, by] of Object.entries(args)) {
      if (typeClassOf(by) !== TypeClass.Number)
        throw new MongoCommandError(
          'TypeMismatch',
          `Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${JSON.stringify(by)}}`,
        )
      if (path.includes('$')) continue
      const current = plainValueAt(doc, path)
      if (current !== undefined && current !== null && typeClassOf(current) !== TypeClass.Number) {
        throw new MongoCommandError(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof current}`,
        )
      }
    }
  }
}

/**
 * Takes `_id` out of `$set` (mingo refuses to touch it). An unchanged `_id` is legal (connect-mongo sends one on
 * every save); a changed one is not; on an upsert's new document (no `_id` yet) it becomes the document's `_id`,
 * which is returned.
 */
function stripId(doc: Doc, modifier: Doc): unknown {
  const set = modifier.$set as Doc | undefined
  let newId: unknown
  if (set && '_id' in set) {
    if (doc._id !== undefined && valueKey(set._id) !== valueKey(doc._id)) throw immutableId()
    if (doc._id === undefined) newId = set._id
    const { _id: _ignored, ...rest } = set
    modifier.$set = rest
    if (Object.keys(rest).length === 0) delete modifier.$set
  }
  for (const op of ['$unset', '$inc', '$rename', '$mul']) {
    const args = modifier[op] as Doc | undefined
    if (args && '_id' in args) throw immutableId()
  }
  return newId
}

/** The document an upsert starts from: the filter's equality conditions (`{a: 1}`, `{a: {$eq: 1}}`, `$and`). */
export function seedFromQuery(query: Doc, out: Doc = {}): Doc {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const part of cond) if (isPlainObject(part)) seedFromQuery(part, out)
      continue
    }
    if (field.startsWith('$')) continue
    if (isPlainObject(cond)) {
      const ops = Object.keys(cond)
      if (ops.length > 0 && ops.every((k) => k.startsWith('$'))) {
        if ('$eq' in cond) setPath(out, field, cloneValue(cond.$eq))
        continue
      }
    }
    if (!(cond instanceof RegExp)) setPath(out, field, cloneValue(cond))
  }
  return out
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.')
  let cur = doc
  for (const part of parts.slice(0, -1)) {
    const next = cur[part]
    if (!isPlainObject(next)) cur[part] = {}
    cur = cur[part] as Doc
  }
  cur[parts[parts.length - 1] as string] = value
}

/** Puts `_id` first, generating one when the new document has none. */
export function withId(doc: Doc): Doc {
  if (doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc
  const { _id, ...rest } = doc
  return { _id: _id ?? new ObjectId(), ...rest }
}
