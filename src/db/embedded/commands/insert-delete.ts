import { runQuery } from '../engine/query-run.js'
import { withId } from '../engine/update-apply.js'
import type { Doc } from '../engine/bson-values.js'
import { collectionName, docArray } from './args.js'
import type { CommandContext } from './context.js'
import { WriteErrors } from './write-errors.js'

export function insert(ctx: CommandContext): Doc {
  const coll = ctx.engine.ensureCollection(ctx.db, collectionName(ctx.body, 'insert'))
  const ordered = ctx.body.ordered !== false
  const errors = new WriteErrors()
  let n = 0
  for (const [i, doc] of docArray(ctx.body, 'documents').entries()) {
    try {
      coll.insert(withId(doc))
      n++
    } catch (err) {
      if (errors.add(i, err, ordered)) break
    }
  }
  return errors.into({ n, ok: 1 })
}

export function remove(ctx: CommandContext): Doc {
  const name = collectionName(ctx.body, 'delete')
  const coll = ctx.engine.collection(ctx.db, name)
  const ordered = ctx.body.ordered !== false
  const errors = new WriteErrors()
  let n = 0
  for (const [i, stmt] of docArray(ctx.body, 'deletes').entries()) {
    try {
      const limit = stmt.limit === 1 ? 1 : 0
      const q = (stmt.q ?? {}) as Doc
      for (const doc of runQuery(coll, { filter: q, sort: [], skip: 0, limit })) {
        coll?.remove(doc)
        n++
      }
    } catch (err) {
      if (errors.add(i, err, ordered)) break
    }
  }
  return errors.into({ n, ok: 1 })
}
