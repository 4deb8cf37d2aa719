import { Long } from 'bson'
import { MongoCommandError, badValue } from '../errors.js'
import { calculateObjectSize } from 'bson'
import type { Doc } from '../engine/bson-values.js'
import type { Collection } from '../engine/collection.js'
import { matcher } from '../engine/query-run.js'
import { collectionName, optionalDoc } from './args.js'
import type { CommandContext } from './context.js'

const COLLECTION_OPTIONS = [
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'storageEngine',
  'indexOptionDefaults',
  'viewOn',
  'pipeline',
  'changeStreamPreAndPostImages',
]

export function create(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'create')
  const options: Doc = {}
  for (const key of COLLECTION_OPTIONS) if (ctx.body[key] !== undefined) options[key] = ctx.body[key]
  ctx.engine.createCollection(ctx.db, name, options)
  return { ok: 1 }
}

export function drop(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'drop')
  const coll = ctx.engine.collection(ctx.db, name)
  const nIndexesWas = coll?.indexes.size ?? 0
  ctx.engine.dropCollection(ctx.db, name)
  // MongoDB 7 answers ok for a missing collection too.
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 }
}

export function dropDatabase(ctx: CommandContext): Doc {
  ctx.engine.dropDatabase(ctx.db)
  return { dropped: ctx.db, ok: 1 }
}

export function listCollections(ctx: CommandContext): Doc {
  const test = matcher(optionalDoc(ctx.body, 'filter'))
  const nameOnly = ctx.body.nameOnly === true
  const docs = ctx.engine
    .collections(ctx.db)
    .map((c): Doc => (nameOnly ? { name: c.name, type: 'collection' } : describe(c)))
    .filter(test)
  return ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, docs, {
    batchSize: optionalDoc(ctx.body, 'cursor').batchSize as number | undefined,
  })
}

function describe(c: Collection): Doc {
  return {
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }
}

export function renameCollection(ctx: CommandContext): Doc {
  const from = ctx.body.renameCollection
  const to = ctx.body.to
  if (typeof from !== 'string' || typeof to !== 'string')
    throw badValue('renameCollection needs source and target namespaces')
  const [fromDb, ...fromRest] = from.split('.')
  const [toDb, ...toRest] = to.split('.')
  if (!fromDb || !toDb) throw badValue('invalid namespace')
  const target = toRest.join('.')
  if (ctx.engine.collection(toDb, target)) {
    if (ctx.body.dropTarget !== true) throw new MongoCommandError('NamespaceExists', 'target namespace exists')
    ctx.engine.dropCollection(toDb, target)
  }
  ctx.engine.renameCollection(fromDb, fromRest.join('.'), toDb, target)
  return { ok: 1 }
}

export function collMod(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'collMod')
  const coll = ctx.engine.collection(ctx.db, name)
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`)
  const change = optionalDoc(ctx.body, 'index')
  const index = [...coll.indexes.values()].find(
    (i) =>
      i.name === change.name ||
      (change.keyPattern !== undefined && JSON.stringify(i.spec.key) === JSON.stringify(change.keyPattern)),
  )
  if (index && typeof change.expireAfterSeconds === 'number') {
    // Re-created through the engine so the journal records the new option.
    const spec = { ...index.spec, expireAfterSeconds: change.expireAfterSeconds }
    coll.dropIndex(index.name)
    coll.addIndex(spec)
    return {
      expireAfterSeconds_old: index.spec.expireAfterSeconds,
      expireAfterSeconds_new: change.expireAfterSeconds,
      ok: 1,
    }
  }
  return { ok: 1 }
}

function dataSize(c: Collection): number {
  let size = 0
  for (const doc of c.docs.values()) size += calculateObjectSize(doc)
  return size
}

export function collStats(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'collStats')
  const c = ctx.engine.collection(ctx.db, name)
  if (!c) throw new MongoCommandError('NamespaceNotFound', `Collection [${ctx.db}.${name}] not found.`)
  const size = dataSize(c)
  return {
    ns: c.ns,
    count: c.docs.size,
    size,
    avgObjSize: c.docs.size ? size / c.docs.size : 0,
    storageSize: size,
    nindexes: c.indexes.size,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries([...c.indexes.keys()].map((n) => [n, 0])),
    ok: 1,
  }
}

export function dbStats(ctx: CommandContext): Doc {
  const colls = ctx.engine.collections(ctx.db)
  const objects = colls.reduce((n, c) => n + c.docs.size, 0)
  const size = colls.reduce((n, c) => n + dataSize(c), 0)
  const indexes = colls.reduce((n, c) => n + c.indexes.size, 0)
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    ok: 1,
  }
}

export function listDatabases(ctx: CommandContext): Doc {
  const names = ctx.engine.databaseNames()
  const databases = names.map((name) => ({ name, sizeOnDisk: Long.fromNumber(0), empty: false }))
  return ctx.body.nameOnly === true
    ? { databases: names.map((name) => ({ name })), ok: 1 }
    : { databases, totalSize: 0, totalSizeMb: 0, ok: 1 }
}
