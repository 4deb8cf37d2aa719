import { badValue } from '../errors.js'
import { valueKey } from '../engine/bson-order.js'
import type { Doc } from '../engine/bson-values.js'
import { indexValuesAt } from '../engine/paths.js'
import { countMatchesSliced, openQuery, projector, queryAll } from '../engine/query-run.js'
import { parseSort } from '../engine/sort.js'
import { collectionName, optionalDoc, optionalNumber } from './args.js'
import type { CommandContext } from './context.js'

export async function find(ctx: CommandContext): Promise<Doc> {
  const name = collectionName(ctx.body, 'find')
  const limit = optionalNumber(ctx.body, 'limit') ?? 0
  const ns = `${ctx.db}.${name}`
  const spec = {
    filter: optionalDoc(ctx.body, 'filter'),
    sort: parseSort(ctx.body.sort),
    skip: optionalNumber(ctx.body, 'skip') ?? 0,
    limit: Math.abs(limit),
  }
  const options = {
    batchSize: optionalNumber(ctx.body, 'batchSize'),
    // A negative limit asks for one batch and no cursor, as the legacy protocol did.
    singleBatch: ctx.body.singleBatch === true || limit < 0,
    project: projector(ctx.body.projection),
  }
  const result = await openQuery(ctx.engine.collection(ctx.db, name), spec, ctx.op)
  if ('docs' in result) return ctx.cursors.open(ns, result.docs, options)
  return ctx.cursors.openStream(ns, result.stream, options, ctx.op)
}

export function getMore(ctx: CommandContext): Promise<Doc> {
  const id = optionalNumber(ctx.body, 'getMore')
  const coll = ctx.body.collection
  if (id === undefined || typeof coll !== 'string') throw badValue('getMore needs a cursor id and a collection')
  return ctx.cursors.getMore(id, `${ctx.db}.${coll}`, optionalNumber(ctx.body, 'batchSize'), ctx.op)
}

export function killCursors(ctx: CommandContext): Doc {
  const ids = ctx.body.cursors
  if (!Array.isArray(ids)) throw badValue('killCursors needs a cursors array')
  return ctx.cursors.kill(ids.map(Number))
}

export async function count(ctx: CommandContext): Promise<Doc> {
  const name = collectionName(ctx.body, 'count')
  const coll = ctx.engine.collection(ctx.db, name)
  const query = optionalDoc(ctx.body, 'query')
  const skip = optionalNumber(ctx.body, 'skip') ?? 0
  const limit = Math.abs(optionalNumber(ctx.body, 'limit') ?? 0)
  const n = Math.max(0, (await countMatchesSliced(coll, query, ctx.op)) - skip)
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 }
}

export async function distinct(ctx: CommandContext): Promise<Doc> {
  const name = collectionName(ctx.body, 'distinct')
  const key = ctx.body.key
  if (typeof key !== 'string') throw badValue("'key' must be a string")
  const docs = await queryAll(
    ctx.engine.collection(ctx.db, name),
    { filter: optionalDoc(ctx.body, 'query'), sort: [], skip: 0, limit: 0 },
    ctx.op,
  )
  const seen = new Map<string, unknown>()
  for (const doc of docs) {
    for (const v of indexValuesAt(doc, key)) if (v !== undefined && !seen.has(valueKey(v))) seen.set(valueKey(v), v)
  }
  return { values: [...seen.values()], ok: 1 }
}
