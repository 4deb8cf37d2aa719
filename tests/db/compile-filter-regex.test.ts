import { describe, expect, it } from 'vitest'
import { compileFilter } from '../../src/db/embedded/engine/compile-filter.js'
import { newQuery } from '../../src/db/embedded/engine/mingo-context.js'

// Top-level regex clauses are compiled into one closure each (compile-filter.ts `regexField`): strings, arrays with
// string and other elements, and every other kind of value must match exactly as the general matcher (mingo) says.
const docs = [
  { _id: 1, name: 'Person 777', tags: ['Alpha', 'beta'] },
  { _id: 2, name: 'person 7770', tags: 'ALPHA' },
  { _id: 3, name: ['x', 'Person 777'], tags: [1, 'alpha', null] },
  { _id: 4, name: 777, tags: 42 },
  { _id: 5, name: null, tags: [] },
  { _id: 6, tags: { a: 'alpha' } },
  { _id: 7, name: 'PERSON 777\nsecond line', tags: ['gamma'] },
]

const filters: Record<string, unknown>[] = [
  { name: /person 777\b/i },
  { name: /^person/ },
  { name: /line$/m },
  { name: /777/g },
  { name: { $regex: 'person 777\\b', $options: 'i' } },
  { name: { $regex: /^Person/ } },
  { tags: /^alpha$/i },
  { tags: { $regex: 'alp' } },
  { $or: [{ name: /person 777\b/i }, { tags: /gamma/ }] },
  { $or: [{ name: /nothing/ }, { tags: /^beta/ }], _id: { $lt: 5 } },
]

describe('compiled regex clauses', () => {
  it.each(filters.map((f) => [JSON.stringify(f, (_, v: unknown) => (v instanceof RegExp ? String(v) : v)), f]))(
    '%s matches what mingo matches',
    (_, filter) => {
      const compiled = compileFilter(filter)
      const query = newQuery(filter)
      const mine = docs.filter((d) => compiled(d)).map((d) => d._id)
      const theirs = docs.filter((d) => query.test(d)).map((d) => d._id)
      expect(mine).toEqual(theirs)
    },
  )

  it('an array inside an array is not searched, as in MongoDB (mingo flattens it; the compiled clause does not)', () => {
    const nested = { _id: 8, tags: [['alpha']] }
    expect(compileFilter({ tags: /alpha/ })(nested)).toBe(false)
    expect(compileFilter({ tags: { $regex: 'alpha' } })(nested)).toBe(false)
  })

  it('a global regex gives the same answer on every document (no lastIndex carried over)', () => {
    const compiled = compileFilter({ name: /777/g })
    const answers = [1, 2, 3].map(() => docs.map((d) => compiled(d)))
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect(answers[0]?.filter(Boolean).length).toBe(4)
  })
})
