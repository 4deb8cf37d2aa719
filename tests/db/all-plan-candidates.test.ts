import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import type { Collection, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js'

const DOCS = 3_000

interface Item extends Document {
  _id: number
  g: string[]
  name: string
  k: number
}

function item(i: number): Item {
  return { _id: i, g: [`a${i % 7}`, `b${i % 11}`, `c${i % 13}`], name: `n${i}`, k: i % 5 }
}

let dir: string
let server: EmbeddedMongo
let client: MongoClient
let items: Collection<Item>
const stored = new Map<number, Item>()

/** The server restarted on its data, so every document is raw (BSON bytes) when the tests read it. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'all-plan-'))
  const first = await startEmbeddedMongo({ dataDir: dir })
  const writer = await MongoClient.connect(`${first.uri}/crm`)
  const docs = Array.from({ length: DOCS }, (_, i) => item(i))
  await writer.db().collection<Item>('items').insertMany(docs)
  await writer.db().collection<Item>('items').createIndex({ g: 1 }, undefined, undefined)
  await writer.close()
  await first.stop()
  for (const doc of docs) stored.set(doc._id, doc)
  server = await startEmbeddedMongo({ dataDir: dir })
  client = await MongoClient.connect(`${server.uri}/crm`)
  items = client.db().collection<Item>('items')
})
afterAll(async () => {
  await client.close()
  await server.stop()
  await rm(dir, { recursive: true, force: true })
})

const ids = (docs: readonly Item[]): number[] => docs.map((d) => d._id).sort((a, b) => a - b)

describe('$all plans over raw documents', () => {
  it('when a query joins $all on an indexed array with other conditions, then finds and counts equal a plain filter', async () => {
    const cases: [Document, (d: Item) => boolean][] = [
      [{ g: { $all: ['a3', 'b5'] } }, (d) => d.g.includes('a3') && d.g.includes('b5')],
      [{ g: { $all: ['a3', 'b5'] }, k: 2 }, (d) => d.g.includes('a3') && d.g.includes('b5') && d.k === 2],
      [
        { g: { $all: ['c4', 'a1'] }, $or: [{ name: { $regex: '7' } }, { k: { $gte: 3 } }] },
        (d) => d.g.includes('c4') && d.g.includes('a1') && (d.name.includes('7') || d.k >= 3),
      ],
      // $all beside another operator on the same field: the clause is tested, not taken as proven.
      [
        { g: { $all: ['a2', 'b2'], $nin: ['c5'] } },
        (d) => d.g.includes('a2') && d.g.includes('b2') && !d.g.includes('c5'),
      ],
    ]
    for (const [filter, keep] of cases) {
      const explained = await items.find(filter).explain()
      expect(JSON.stringify(explained.queryPlanner)).toContain('g_1')
      const want = [...stored.values()].filter(keep)
      expect(want.length).toBeGreaterThan(0)
      const found = await items.find(filter).toArray()
      expect(ids(found)).toEqual(ids(want))
      // Whole documents come back, not the fields the test read.
      expect(found.find((d) => d._id === want[0]?._id)).toEqual(want[0])
      expect(await items.countDocuments(filter)).toBe(want.length)
    }
  })

  /**
   * A read of `{g: {$all: values}}` in batches of two, after its first batch: the cursor, and the documents still to
   * come, the last of which the test changes before reading on.
   */
  async function pausedRead(values: [string, string]) {
    const cursor = items.find({ g: { $all: values } }).batchSize(2)
    const first = [await cursor.next(), await cursor.next()].map((d) => d?._id)
    const later = [...stored.values()].filter((d) => values.every((v) => d.g.includes(v)) && !first.includes(d._id))
    return { cursor, first, later, changed: later[later.length - 1] as Item }
  }

  it('when a matching document loses an $all value between two batches of a read, then the rest of the read leaves it out', async () => {
    const { cursor, first, later, changed } = await pausedRead(['a4', 'b6'])
    await items.updateOne({ _id: changed._id }, { $set: { g: ['a4', 'b0', 'c0'] } })
    const rest = await cursor.toArray()
    expect(rest.map((d) => d._id)).not.toContain(changed._id)
    expect(ids(rest)).toEqual(ids(later.slice(0, -1)))
    expect(first).toHaveLength(2)
    await items.updateOne({ _id: changed._id }, { $set: { g: changed.g } })
  })

  it('when the index is dropped between two batches and a document then loses the value, then the rest of the read leaves it out', async () => {
    const { cursor, later, changed } = await pausedRead(['a5', 'b7'])
    await items.dropIndex('g_1')
    await items.updateOne({ _id: changed._id }, { $set: { g: ['a5'] } })
    const rest = await cursor.toArray()
    expect(rest.map((d) => d._id)).not.toContain(changed._id)
    expect(ids(rest)).toEqual(ids(later.slice(0, -1)))
  })
})
