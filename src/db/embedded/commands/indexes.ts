import { MongoCommandError, badValue } from '../errors.js'
import { isPlainObject, type Doc } from '../engine/bson-values.js'
import type { Collection } from '../engine/collection.js'
import type { IndexSpec } from '../engine/index-store.js'
import { collectionName } from './args.js'
import type { CommandContext } from './context.js'
import { buildIndexesInBackground } from '../engine/index-build.js'

const OPTION_KEYS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
]

function defaultName(key: Doc): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${String(d)}`)
    .join('_')
}

function normalise(raw: Doc): IndexSpec {
  if (!isPlainObject(raw.key) || Object.keys(raw.key).length === 0)
    throw badValue('index key pattern must be a non-empty object')
  const key = raw.key as IndexSpec['key']
  const spec: IndexSpec = { v: 2, key, name: typeof raw.name === 'string' ? raw.name : defaultName(key) }
  for (const opt of OPTION_KEYS) if (raw[opt] !== undefined && raw[opt] !== false) spec[opt] = raw[opt]
  // The driver sends background:true for old servers; it no longer means anything and MongoDB keeps it listed.
  if (raw.background !== undefined) spec.background = raw.background
  return spec
}

function optionsOf(spec: IndexSpec): string {
  const { v: _v, key: _k, name: _n, background: _b, ...rest } = spec
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Returns true when the index is new; an identical one is a no-op; a conflicting one is 85 or 86. A unique index is
 * built at once (its uniqueness must hold for every write from the moment it exists); the others are returned to be
 * built in the background.
 */
function addOne(coll: Collection, spec: IndexSpec): boolean {
  const sameName = coll.indexes.get(spec.name)
  const keyJson = JSON.stringify(spec.key)
  if (sameName) {
    if (JSON.stringify(sameName.spec.key) !== keyJson) {
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
      )
    }
    if (optionsOf(sameName.spec) !== optionsOf(spec)) {
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
      )
    }
    return false
  }
  for (const other of coll.indexes.values()) {
    if (JSON.stringify(other.spec.key) !== keyJson) continue
    throw new MongoCommandError('IndexOptionsConflict', `Index already exists with a different name: ${other.name}`)
  }
  if (spec.unique === true) coll.addIndex(spec)
  return spec.unique !== true
}

export async function createIndexes(ctx: CommandContext): Promise<Doc> {
  const name = collectionName(ctx.body, 'createIndexes')
  const raw = ctx.body.indexes
  if (!Array.isArray(raw) || !raw.every(isPlainObject))
    throw badValue("'indexes' must be an array of index specifications")
  const existed = ctx.engine.collection(ctx.db, name) !== undefined
  const coll = ctx.engine.ensureCollection(ctx.db, name)
  const before = coll.indexes.size
  const specs = raw.map(normalise)
  const background = specs.filter((spec) => addOne(coll, spec))
  ctx.op.plan = 'INDEX BUILD'
  // One pass over the documents for all of them (a raw document is decoded per read: doc-table.ts).
  if (background.length > 0) await buildIndexesInBackground(coll, background, ctx.op)
  return {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    createdCollectionAutomatically: !existed,
    ok: 1,
  }
}

export function listIndexes(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'listIndexes')
  const coll = ctx.engine.collection(ctx.db, name)
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`)
  const specs = [...coll.indexes.values()].map((i) => i.spec)
  return ctx.cursors.open(`${ctx.db}.${name}`, specs, {})
}

export function dropIndexes(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'dropIndexes')
  const coll = ctx.engine.collection(ctx.db, name)
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`)
  const nIndexesWas = coll.indexes.size
  const which = ctx.body.index
  const names = which === '*' ? [...coll.indexes.keys()].filter((n) => n !== '_id_') : resolveNames(coll, which)
  for (const n of names) coll.dropIndex(n)
  return { nIndexesWas, ok: 1 }
}

function resolveNames(coll: Collection, which: unknown): string[] {
  const list = Array.isArray(which) ? which : [which]
  return list.map((w) => {
    const index =
      typeof w === 'string'
        ? coll.indexes.get(w)
        : [...coll.indexes.values()].find((i) => JSON.stringify(i.spec.key) === JSON.stringify(w))
    if (!index)
      throw new MongoCommandError(
        'IndexNotFound',
        `index not found with name [${typeof w === 'string' ? w : JSON.stringify(w)}]`,
      )
    if (index.name === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index')
    return index.name
  })
}
