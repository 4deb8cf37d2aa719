import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestDb, openTestDb } from './helpers/mongo.js'
import type { LooseDoc, TestDb } from './helpers/mongo.js'

// Indexes keep one posting list per distinct key (document ordinals, reused after a delete). After a long mixed
// history of inserts, updates that move some keys and keep others, deletes and re-inserts, every indexed query
// answers what the same query answers on an unindexed copy, and a cursor reading inside one long posting list
// while that list changes returns each document once.

let t: TestDb
let plain: Collection<LooseDoc>
let indexed: Collection<LooseDoc>

/** A deterministic pseudo-random sequence, so a failure replays exactly. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648
    return s / 2_147_483_648
  }
}

const GRAMS = ['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff', 'ggg', 'hhh']
const next = random(42)
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T

function doc(id: number): LooseDoc {
  const grams = GRAMS.filter(() => next() < 0.35)
  return { _id: id, g: grams, status: pick(['open', 'won', 'lost']), n: Math.floor(next() * 50) }
}

/** The same random history applied to both copies. */
async function history(steps: number): Promise<void> {
  let nextId = 0
  const live: number[] = []
  for (let i = 0; i < steps; i++) {
    const r = next()
    if (r < 0.5 || live.length === 0) {
      const d = doc(nextId++)
      live.push(d._id as number)
      await Promise.all([plain.insertOne({ ...d }), indexed.insertOne({ ...d })])
    } else if (r < 0.8) {
      const id = pick(live)
      const set = next() < 0.5 ? { g: doc(0).g } : { n: Math.floor(next() * 50), status: pick(['open', 'won']) }
      await Promise.all([plain.updateOne({ _id: id }, { $set: set }), indexed.updateOne({ _id: id }, { $set: set })])
    } else {
      const id = live.splice(Math.floor(next() * live.length), 1)[0]
      await Promise.all([plain.deleteOne({ _id: id }), indexed.deleteOne({ _id: id })])
    }
  }
}

beforeAll(async () => {
  t = await openTestDb('index_postings')
  plain = t.db.collection<LooseDoc>('plain')
  indexed = t.db.collection<LooseDoc>('indexed')
  await indexed.createIndex({ g: 1 }, undefined, undefined)
  await indexed.createIndex({ status: 1, n: -1 }, undefined, undefined)
  // Keys holding `_id`: one document each, so an exact count adds up whole blocks (index-scan.ts).
  await indexed.createIndex({ n: 1, _id: 1 }, undefined, undefined)
  await history(1_500)
}, 120_000)
afterAll(async () => {
  await closeTestDb(t)
})

async function ids(c: Collection<LooseDoc>, filter: Document, sort: Document = { _id: 1 }, limit = 0) {
  return (await c.find(filter).sort(sort).limit(limit).toArray()).map((d) => d._id)
}

describe('posting-list indexes after a mixed history', () => {
  const cases: [string, Document, Document?, number?][] = [
    ['$all of two grams', { g: { $all: ['aaa', 'ccc'] } }],
    ['$all of four grams', { g: { $all: ['bbb', 'ddd', 'fff', 'hhh'] } }],
    ['one gram', { g: 'eee' }],
    ['a gram nobody holds', { g: { $all: ['aaa', 'zzz'] } }],
    ['equality on the leading field of a compound index', { status: 'won' }],
    ['equality and a range', { status: 'open', n: { $gte: 10, $lt: 30 } }],
    ['sorted by the index, descending, with a limit', { status: 'lost' }, { n: -1, _id: 1 }, 25],
    ['sorted ascending against the index direction', { status: 'won' }, { n: 1, _id: 1 }, 40],
    ['$in on the gram index', { g: { $in: ['ggg', 'aaa'] } }],
    ['gram and status together', { g: { $all: ['bbb'] }, status: 'open' }],
    ['equality on an index whose keys end in _id (counted from the index)', { n: 17 }],
    ['another value of that index', { n: 0 }],
  ]
  for (const [label, filter, sort, limit] of cases) {
    it(`when querying ${label}, then the indexed copy answers what the scan answers`, async () => {
      const expected = await ids(plain, filter, sort, limit)
      expect(await ids(indexed, filter, sort, limit)).toEqual(expected)
      expect(await indexed.countDocuments(filter)).toBe(await plain.countDocuments(filter))
    })
  }

  it('when the copies are compared whole, then they hold the same documents', async () => {
    expect(await indexed.find().sort({ _id: 1 }).toArray()).toEqual(await plain.find().sort({ _id: 1 }).toArray())
  })

  // 6,000 entries: past the size from which a posting keeps its ordinals in blocks.
  it('when a cursor reads one long posting list in batches while it changes, then each document arrives once', async () => {
    const people = t.db.collection<LooseDoc>('long_posting')
    await people.createIndex({ tag: 1 }, undefined, undefined)
    await people.insertMany(Array.from({ length: 6_000 }, (_, i) => ({ _id: i, tag: 'x' })))
    const seen: number[] = []
    for await (const d of people.find({ tag: 'x' }).batchSize(400)) {
      seen.push(d._id as number)
      // Between the first ten batches: a new document joins the list, an unread one near its end leaves it, and
      // so does one already read (which shifts every later entry of the list under the reader).
      const batch = seen.length / 400
      if (Number.isInteger(batch) && batch >= 1 && batch <= 10) {
        await people.insertOne({ _id: 10_000 + batch, tag: 'x' })
        await people.updateOne({ _id: 5_999 - batch }, { $set: { tag: 'z' } })
        await people.updateOne({ _id: batch }, { $set: { tag: 'z' } })
      }
    }
    const kept = Array.from({ length: 6_000 }, (_, i) => i).filter((i) => i < 5_989 || i > 5_998)
    const joined = Array.from({ length: 10 }, (_, k) => 10_001 + k)
    expect([...seen].sort((a, b) => a - b)).toEqual([...kept, ...joined])
  })

  it('when $all pairs a value thousands hold with rare ones, and the common list changes, then the intersection follows', async () => {
    const tagged = t.db.collection<LooseDoc>('blocked_all')
    await tagged.createIndex({ g: 1 }, undefined, undefined)
    await tagged.insertMany(Array.from({ length: 8_000 }, (_, i) => ({ _id: i, g: ['common', `r${i % 100}`] })))
    // Out of the common list: one in ten of r7's documents; back into it: nothing else changes.
    await tagged.updateMany({ _id: { $in: [7, 107, 207, 307, 407, 507, 607, 707] } }, { $set: { g: ['r7'] } })
    await tagged.deleteMany({ _id: { $in: [1_007, 1_107] } })
    const found = (await tagged.find({ g: { $all: ['common', 'r7'] } }).toArray()).map((d) => d._id as number)
    const expected = Array.from({ length: 80 }, (_, k) => 7 + 100 * k).filter(
      (id) => id >= 800 && id !== 1_007 && id !== 1_107,
    )
    expect(found.sort((a, b) => a - b)).toEqual(expected)
    expect(await tagged.countDocuments({ g: 'common' })).toBe(8_000 - 8 - 2)
  })
})
