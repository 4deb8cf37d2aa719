import { badValue } from '../errors.js'
import { isPlainObject, type Doc } from '../engine/bson-values.js'
import { cloneValue } from '../engine/clone.js'
import { newAggregator } from '../engine/mingo-context.js'
import type { Operation } from '../engine/operation.js'
import { countMatchesSliced, queryAll } from '../engine/query-run.js'
import { parseSort } from '../engine/sort.js'
import { optionalDoc, optionalNumber } from './args.js'
import type { CommandContext } from './context.js'
import { writeOut } from './aggregate-out.js'

function stageName(stage: Doc): string {
  return Object.keys(stage)[0] ?? ''
}

/** `[{$match}, {$skip}?, {$limit}?, {$group: {_id: <const>, n: {$sum: 1}}}]`: what countDocuments sends. */
function countOnly(stages: Doc[]): { field: string; id: unknown } | undefined {
  const last = stages[stages.length - 1]
  const group = last?.$group
  if (!isPlainObject(group)) return undefined
  const keys = Object.keys(group).filter((k) => k !== '_id')
  const field = keys[0]
  if (keys.length !== 1 || field === undefined) return undefined
  const acc = group[field]
  if (!isPlainObject(acc) || acc.$sum !== 1 || isPlainObject(group._id) || typeof group._id === 'string')
    return undefined
  const middle = stages.slice(1, -1).map(stageName)
  return middle.every((s) => s === '$skip' || s === '$limit') ? { field, id: group._id } : undefined
}

export async function aggregate(ctx: CommandContext): Promise<Doc> {
  const target = ctx.body.aggregate
  if (typeof target !== 'string') throw badValue('aggregate on a database is not supported by this server')
  const pipeline = ctx.body.pipeline
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject))
    throw badValue("'pipeline' must be an array of stages")
  const stages = pipeline
  const coll = ctx.engine.collection(ctx.db, target)
  const first = stages[0]
  const match = first && stageName(first) === '$match' ? (first.$match as Doc) : undefined
  // The leading $match (and a $sort right after it) go through the index planner instead of a full scan.
  const sortStage = match && stages[1] && stageName(stages[1]) === '$sort' ? parseSort(stages[1].$sort) : []
  const counting = match ? countOnly(stages) : undefined
  if (counting) {
    const [skip, limit] = skipLimit(stages.slice(1, -1))
    const matched = await countMatchesSliced(coll, match ?? {}, ctx.op)
    const n = Math.max(0, Math.min(matched - skip, limit ?? Number.POSITIVE_INFINITY))
    return cursorReply(ctx, target, n > 0 ? [{ _id: counting.id, [counting.field]: n }] : [])
  }
  let input = await queryAll(coll, { filter: match ?? {}, sort: sortStage, skip: 0, limit: 0 }, ctx.op)
  let rest = match ? stages.slice(sortStage.length > 0 ? 2 : 1) : stages
  const last = rest[rest.length - 1]
  const out = last && ['$out', '$merge'].includes(stageName(last)) ? last : undefined
  if (out) rest = rest.slice(0, -1)
  // mingo may write into its inputs ($unwind, $addFields on nested paths), so it only ever sees copies.
  input = await cloneSliced(input, ctx.op)
  const resolver = (name: string): Doc[] =>
    [...(ctx.engine.collection(ctx.db, name)?.docs.values() ?? [])].map(cloneValue)
  const results = newAggregator(rewriteCount(rest), { collectionResolver: resolver }).run<Doc>(input)
  if (out) {
    writeOut(ctx, out, results)
    return cursorReply(ctx, target, [])
  }
  return cursorReply(ctx, target, results)
}

/** Copies of the documents, made in slices: copying a large input is itself a long operation. */
async function cloneSliced(docs: Doc[], op: Operation): Promise<Doc[]> {
  const out: Doc[] = []
  for (const doc of docs) {
    if (op.due()) await op.pause()
    out.push(cloneValue(doc))
  }
  return out
}

/** `$count` as MongoDB defines it (a `$group` then `$project`), so an empty input yields no row rather than `{n: 0}`. */
function rewriteCount(stages: Doc[]): Doc[] {
  return stages.flatMap((stage): Doc[] => {
    if (typeof stage.$count === 'string') {
      return [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }]
    }
    if (isPlainObject(stage.$facet)) {
      const facets = Object.entries(stage.$facet).map(([k, v]) => [k, Array.isArray(v) ? rewriteCount(v as Doc[]) : v])
      return [{ $facet: Object.fromEntries(facets) as Doc }]
    }
    return [stage]
  })
}

function skipLimit(stages: Doc[]): [number, number | undefined] {
  let skip = 0
  let limit: number | undefined
  for (const s of stages) {
    if (s.$skip !== undefined) skip += Number(s.$skip)
    if (s.$limit !== undefined) limit = Math.min(limit ?? Number.POSITIVE_INFINITY, Number(s.$limit))
  }
  return [skip, limit]
}

function cursorReply(ctx: CommandContext, coll: string, docs: Doc[]): Doc {
  const cursor = optionalDoc(ctx.body, 'cursor')
  return ctx.cursors.open(`${ctx.db}.${coll}`, docs, { batchSize: optionalNumber(cursor, 'batchSize') })
}
