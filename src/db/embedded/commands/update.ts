import { badValue } from '../errors.js'
import { valueKey } from '../engine/bson-order.js'
import { isPlainObject, type Doc } from '../engine/bson-values.js'
import type { Collection } from '../engine/collection.js'
import { runQuery } from '../engine/query-run.js'
import { parseSort } from '../engine/sort.js'
import { applyUpdate, seedFromQuery, withId, type UpdateContext } from '../engine/update-apply.js'
import { collectionName, docArray } from './args.js'
import type { CommandContext } from './context.js'
import { WriteErrors } from './write-errors.js'

export interface UpdateStatement {
  q: Doc
  u: unknown
  upsert: boolean
  multi: boolean
  arrayFilters?: Doc[] | undefined
  sort?: Doc | undefined
}

export interface StatementResult {
  matched: number
  modified: number
  upsertedId?: unknown
}

function parseStatement(raw: Doc): UpdateStatement {
  const q = raw.q ?? {}
  if (!isPlainObject(q)) throw badValue("'q' must be an object")
  const multi = raw.multi === true
  const isReplacement = isPlainObject(raw.u) && !Object.keys(raw.u).some((k) => k.startsWith('$'))
  if (multi && isReplacement) throw badValue('multi update is not supported for replacement-style update')
  const arrayFilters = Array.isArray(raw.arrayFilters) ? (raw.arrayFilters as Doc[]) : undefined
  return {
    q,
    u: raw.u,
    upsert: raw.upsert === true,
    multi,
    arrayFilters,
    sort: isPlainObject(raw.sort) ? raw.sort : undefined,
  }
}

/** Applies one update statement; each document changes atomically, copy-on-write. */
export function applyStatement(coll: Collection, stmt: UpdateStatement): StatementResult {
  const ctx: UpdateContext = { query: stmt.q, arrayFilters: stmt.arrayFilters, inserting: false }
  const matches = runQuery(coll, { filter: stmt.q, sort: parseSort(stmt.sort), skip: 0, limit: stmt.multi ? 0 : 1 })
  if (matches.length === 0 && stmt.upsert) {
    const doc = withId(applyUpdate(seedFromQuery(stmt.q), stmt.u, { ...ctx, inserting: true }))
    coll.insert(doc)
    return { matched: 0, modified: 0, upsertedId: doc._id }
  }
  let modified = 0
  for (const before of matches) {
    const after = applyUpdate(before, stmt.u, ctx)
    if (valueKey(after) === valueKey(before)) continue
    coll.replace(before, after)
    modified++
  }
  return { matched: matches.length, modified }
}

export function update(ctx: CommandContext): Doc {
  const coll = ctx.engine.ensureCollection(ctx.db, collectionName(ctx.body, 'update'))
  const ordered = ctx.body.ordered !== false
  const errors = new WriteErrors()
  const upserted: Doc[] = []
  let n = 0
  let nModified = 0
  for (const [i, raw] of docArray(ctx.body, 'updates').entries()) {
    try {
      const result = applyStatement(coll, parseStatement(raw))
      n += result.matched
      nModified += result.modified
      if (result.upsertedId !== undefined) {
        upserted.push({ index: i, _id: result.upsertedId })
        n++
      }
    } catch (err) {
      if (errors.add(i, err, ordered)) break
    }
  }
  const reply: Doc = { n, nModified, ok: 1 }
  if (upserted.length > 0) reply.upserted = upserted
  return errors.into(reply)
}
