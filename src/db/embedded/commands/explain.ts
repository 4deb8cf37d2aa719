import { badValue } from '../errors.js'
import { isPlainObject, type Doc } from '../engine/bson-values.js'
import { plan } from '../engine/planner.js'
import { parseSort } from '../engine/sort.js'
import { collectionName, optionalDoc } from './args.js'
import type { CommandContext } from './context.js'

// `explain` of a find or a count at the `queryPlanner` level: which plan the planner picks, in MongoDB's shape
// (`queryPlanner.winningPlan`, stages nested by `inputStage`, the index by `indexName`), so a test or an operator
// can check that a query uses its index on either server. Nothing is executed.

function winningPlan(index: string | undefined, multikey: boolean): Doc {
  if (index === undefined) return { stage: 'COLLSCAN' }
  return { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: index, isMultiKey: multikey } }
}

export function explain(ctx: CommandContext): Doc {
  const inner = ctx.body.explain
  if (!isPlainObject(inner)) throw badValue('explain needs a command document')
  const isCount = 'count' in inner
  if (!isCount && !('find' in inner)) throw badValue('explain supports find and count')
  const name = collectionName(inner, isCount ? 'count' : 'find')
  const filter = optionalDoc(inner, isCount ? 'query' : 'filter')
  const coll = ctx.engine.collection(ctx.db, name)
  const chosen = coll ? plan(coll, filter, isCount ? [] : parseSort(inner.sort)) : undefined
  const index = chosen?.index === undefined ? undefined : coll?.indexes.get(chosen.index)
  return {
    queryPlanner: {
      namespace: `${ctx.db}.${name}`,
      parsedQuery: filter,
      winningPlan: winningPlan(chosen?.index, index?.multikey === true),
      rejectedPlans: [],
    },
    ok: 1,
  }
}
