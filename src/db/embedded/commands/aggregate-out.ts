import { badValue } from '../errors.js'
import { isPlainObject, type Doc } from '../engine/bson-values.js'
import { withId } from '../engine/update-apply.js'
import type { CommandContext } from './context.js'

function targetOf(spec: unknown, db: string): [string, string] {
  if (typeof spec === 'string') return [db, spec]
  if (isPlainObject(spec) && typeof spec.coll === 'string')
    return [typeof spec.db === 'string' ? spec.db : db, spec.coll]
  throw badValue('$out/$merge needs a target collection')
}

/**
 * `$out` and `$merge` write through the engine (indexes, journal), never into mingo's resolver arrays.
 * `$merge` supports matching on `_id` with whenMatched replace/merge/keepExisting/fail and whenNotMatched insert/discard/fail.
 */
export function writeOut(ctx: CommandContext, stage: Doc, results: Doc[]): void {
  if (stage.$out !== undefined) {
    const [db, name] = targetOf(stage.$out, ctx.db)
    const previous = ctx.engine.collection(db, name)
    const specs = previous ? [...previous.indexes.values()].filter((i) => i.name !== '_id_').map((i) => i.spec) : []
    ctx.engine.dropCollection(db, name)
    const coll = ctx.engine.createCollection(db, name, {})
    for (const spec of specs) coll.addIndex(spec)
    for (const doc of results) coll.insert(withId(doc))
    return
  }
  const spec = isPlainObject(stage.$merge) ? stage.$merge : { into: stage.$merge }
  const [db, name] = targetOf(spec.into, ctx.db)
  const coll = ctx.engine.ensureCollection(db, name)
  for (const raw of results) {
    const doc = withId(raw)
    const existing = coll.get(doc._id)
    if (!existing) {
      if (spec.whenNotMatched === 'fail') throw badValue('$merge found no matching document')
      if (spec.whenNotMatched !== 'discard') coll.insert(doc)
      continue
    }
    const when = spec.whenMatched ?? 'merge'
    if (when === 'fail') throw badValue('$merge found a matching document')
    if (when === 'replace') coll.replace(existing, doc)
    else if (when === 'merge') coll.replace(existing, { ...existing, ...doc })
  }
}
