import { badValue } from '../errors.js'
import { valueKey } from '../engine/bson-order.js'
import type { Doc } from '../engine/bson-values.js'
import { projector, runQuery } from '../engine/query-run.js'
import { parseSort } from '../engine/sort.js'
import { applyUpdate, seedFromQuery, withId } from '../engine/update-apply.js'
import { collectionName, optionalDoc } from './args.js'
import type { CommandContext } from './context.js'

/**
 * findAndModify: errors (a duplicate key included) are answered at the top level, `{ok: 0, code: 11000, keyValue}`,
 * not as writeErrors; the dispatcher does that for any thrown MongoCommandError.
 */
export function findAndModify(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'findAndModify')
  const query = optionalDoc(ctx.body, 'query')
  const remove = ctx.body.remove === true
  if (!remove && ctx.body.update === undefined) throw badValue('Either an update or remove=true must be specified')
  const coll = ctx.engine.ensureCollection(ctx.db, name)
  const [found] = runQuery(coll, { filter: query, sort: parseSort(ctx.body.sort), skip: 0, limit: 1 })
  const project = projector(ctx.body.fields)
  const shape = (doc: Doc | undefined): Doc | null => (doc ? (project ? (project([doc])[0] ?? null) : doc) : null)

  if (remove) {
    if (found) coll.remove(found)
    return { lastErrorObject: { n: found ? 1 : 0 }, value: shape(found), ok: 1 }
  }
  const arrayFilters = Array.isArray(ctx.body.arrayFilters) ? (ctx.body.arrayFilters as Doc[]) : undefined
  const returnNew = ctx.body.new === true
  if (found) {
    const after = applyUpdate(found, ctx.body.update, { query, arrayFilters, inserting: false })
    if (valueKey(after) !== valueKey(found)) coll.replace(found, after)
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? after : found), ok: 1 }
  }
  if (ctx.body.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 }
  const created = withId(applyUpdate(seedFromQuery(query), ctx.body.update, { query, arrayFilters, inserting: true }))
  coll.insert(created)
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id },
    value: returnNew ? shape(created) : null,
    ok: 1,
  }
}
