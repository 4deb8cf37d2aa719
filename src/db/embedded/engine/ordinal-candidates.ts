import { isPlainObject, type Doc } from './bson-values.js'
import type { Collection } from './collection.js'
import { compileFilter } from './compile-filter.js'
import { REJECTED } from './doc-table.js'
import { filterFields } from './filter-fields.js'
import type { HeldAll } from './planner.js'
import { wantedFields, type WantedFields } from '../storage/bson-skip.js'

/** One way to test a candidate: the compiled filter and the top-level fields it reads (undefined: not known). */
interface CandidateTest {
  test: (doc: Doc) => boolean
  wanted: WantedFields | undefined
}

/**
 * The candidates of a plan that found their ordinals in an index (`$all` over a search index's grams), each tested
 * as it is read: REJECTED when it fails. A raw candidate is tested on the fields the filter reads, decoded alone, and
 * decoded whole only when it passes; for a count (`whole` false) not even then. While the index is unchanged since
 * its postings were intersected, every candidate holds each `$all` value, so a top-level `{field: {$all: values}}`
 * is left out of the test, and the field (a booking's fifty grams) is never decoded. Each search of 1M bookings
 * decoded its 37 candidates whole twice (find and count): a third of the database's CPU per search.
 */
export function* testedCandidates(
  coll: Collection,
  ords: readonly number[],
  filter: Doc,
  held: HeldAll | undefined,
  whole: boolean,
): Generator<Doc> {
  const full = testOf(filter)
  const rest = held && allClauseIs(filter[held.field], held.values) ? testOf(without(filter, held.field)) : undefined
  for (const ord of ords) {
    // Checked per candidate: a write between two slices of a paused read may have moved the index on.
    const { test, wanted } = rest && held && unchanged(coll, held) ? rest : full
    const doc = coll.docs.testedAt(ord, test, wanted, whole)
    if (doc !== undefined) yield doc
  }
}

/** What the candidates' consumer tests: `testedCandidates` already refused the failures. */
export const notRejected = (doc: Doc): boolean => doc !== REJECTED

function testOf(filter: Doc): CandidateTest {
  const fields = filterFields(filter)
  return { test: compileFilter(filter), wanted: fields ? wantedFields(fields) : undefined }
}

/** Whether the index that gave the ordinals is still the collection's and nothing entered or left it since. */
function unchanged(coll: Collection, held: HeldAll): boolean {
  return held.index.version === held.version && coll.indexes.get(held.index.name) === held.index
}

/** Whether a field's condition is exactly `{$all: values}`, the values intersected, in the same order. */
function allClauseIs(cond: unknown, values: readonly unknown[]): boolean {
  if (!isPlainObject(cond) || Object.keys(cond).length !== 1 || !Array.isArray(cond.$all)) return false
  const all = cond.$all as unknown[]
  return all.length === values.length && all.every((v, i) => v === values[i])
}

function without(filter: Doc, field: string): Doc {
  const rest: Doc = {}
  for (const key of Object.keys(filter)) if (key !== field) rest[key] = filter[key]
  return rest
}
