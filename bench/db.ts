/**
 * DB benchmark: the embedded server through the real `mongodb` driver, in-process, on loopback.
 * Prints one table of medians (ms per operation and as a multiple of a driver ping), including a regex search next
 * to a plain JavaScript filter over the same documents, then ping latency while 20 scans run. Figures only.
 * Run: npm run bench:db [-- --docs=1000000]   (default 100,000 documents per collection)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { MongoClient } from 'mongodb'
import type { Collection, Db } from 'mongodb'
import { startEmbeddedMongo } from '../src/db/embedded/index.js'
import { termGrams, SEARCH_GRAMS_FIELD } from '../src/models/search-grams.js'
import { jsSearch, pingDuringScans, searchFilter, seedBookings, seedGramBookings, type Booking } from './db-scans.js'

const DOCS = Number(/^--docs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--docs=')) ?? '')?.[1] ?? 100_000)
const BATCH = 5_000
const RUNS = 9

interface Person {
  _id: number
  email: string
  handle: string
  age: number
  joinedAt: Date
}

/** One timed operation: `ops` calls of `op` per run, `concurrency` callers at a time. */
interface Case {
  name: string
  ops: number
  concurrency: number
  op: (i: number) => Promise<unknown>
}

/** Runs `case_.ops` calls (by `concurrency` callers) and returns ms per call; `next` numbers calls across runs. */
async function timeRun(case_: Case, next: { i: number }): Promise<number> {
  const start = performance.now()
  const caller = async (): Promise<void> => {
    for (let k = 0; k < case_.ops / case_.concurrency; k += 1) await case_.op(next.i++)
  }
  await Promise.all(Array.from({ length: case_.concurrency }, caller))
  return (performance.now() - start) / case_.ops
}

/**
 * Median ms per operation of each case. Runs are interleaved (case A, B, C, A, B, C...) so that noise from other
 * work on this shared machine spreads over all cases instead of landing on whichever ran at a bad moment.
 */
async function medians(cases: readonly Case[]): Promise<number[]> {
  const counters = cases.map(() => ({ i: 0 }))
  const samples = cases.map((): number[] => [])
  for (let run = -1; run < RUNS; run += 1) {
    for (const [c, case_] of cases.entries()) {
      const ms = await timeRun(case_, counters[c] ?? { i: 0 })
      if (run >= 0) samples[c]?.push(ms) // run -1 warms up the JIT, the pool and caches
    }
  }
  return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)] ?? Number.NaN)
}

function person(i: number): Person {
  return {
    _id: i,
    email: `user${i}@example.com`,
    handle: `h${i}`,
    age: 18 + (i % 60),
    joinedAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
  }
}

/** Builds the 100k-document collection with insertMany batches; returns it and the ms per document it took. */
async function seed(db: Db): Promise<{ people: Collection<Person>; msPerDoc: number }> {
  const people = db.collection<Person>('people')
  await people.createIndex({ email: 1 }, { unique: true }, undefined)
  await people.createIndex({ joinedAt: 1 }, undefined, undefined)
  const start = performance.now()
  for (let first = 0; first < DOCS; first += BATCH) {
    await people.insertMany(Array.from({ length: BATCH }, (_, k) => person(first + k)))
  }
  return { people, msPerDoc: (performance.now() - start) / DOCS }
}

/** A repeatable spread of ids, so lookups do not all hit neighbouring documents. */
const spread = (i: number): number => (i * 7919) % DOCS

function inserter(db: Db, name: string): (i: number) => Promise<unknown> {
  const coll = db.collection<{ _id: number; email: string; at: Date }>(name)
  return (i) => coll.insertOne({ _id: i, email: `w${i}@example.com`, at: new Date() })
}

function updater(db: Db): (i: number) => Promise<unknown> {
  const coll = db.collection<{ _id: number; n: number }>('conc')
  return (i) => coll.updateOne({ _id: i % 320 }, { $inc: { n: 1 } })
}

function scanCases(memClient: MongoClient, bookings: readonly Booking[]): Case[] {
  const coll = memClient.db('bench').collection<Booking>('bookings')
  const grams = memClient.db('bench').collection<Booking>('bookings_grams')
  // A pattern found in a few documents, so the figure is the scan, not the transfer of results.
  const term = (i: number): string => `person ${String(777 + (i % 7))}`
  const pattern = (i: number): RegExp => new RegExp(`${term(i)}\\b`, 'i')
  // What the app sends once a search index is ready: the term's grams (a superset filter) and the same regexes.
  const gramFilter = (i: number) => ({
    [SEARCH_GRAMS_FIELD]: { $all: termGrams(term(i)) },
    ...searchFilter(pattern(i)),
  })
  const one = (name: string, ops: number, op: Case['op']): Case => ({ name, ops, concurrency: 1, op })
  return [
    one('regex search, 8 fields ($or), through the driver', 3, (i) => coll.find(searchFilter(pattern(i))).toArray()),
    one('same search, plain JS filter in this process', 3, (i) => Promise.resolve(jsSearch(bookings, pattern(i)))),
    one('same search via the gram index (searchGrams $all + regexes)', 50, (i) => grams.find(gramFilter(i)).toArray()),
  ]
}

function cases(memClient: MongoClient, durClient: MongoClient, people: Collection<Person>): Case[] {
  const admin = memClient.db('admin')
  const memDb = memClient.db('bench')
  const durDb = durClient.db('bench')
  const since = new Date(Date.UTC(2020, 0, 1) + 50_000 * 60_000)
  const one = (name: string, ops: number, op: Case['op']): Case => ({ name, ops, concurrency: 1, op })
  return [
    one('driver ping round trip', 300, () => admin.command({ ping: 1 })),
    one('findOne by indexed field (email)', 200, (i) => people.findOne({ email: `user${spread(i)}@example.com` })),
    one('findOne by unindexed field (handle)', 5, (i) => people.findOne({ handle: `h${spread(i)}` })),
    one('range + sort + limit 20 on an index (joinedAt)', 100, () =>
      people
        .find({ joinedAt: { $gte: since } })
        .sort({ joinedAt: 1 })
        .limit(20)
        .toArray(),
    ),
    one('insertOne, in-memory, one at a time', 100, inserter(memDb, 'seq')),
    one('insertOne, durable (fsync), one at a time', 100, inserter(durDb, 'seq')),
    { name: 'insertOne, in-memory, 16 callers at once', ops: 320, concurrency: 16, op: inserter(memDb, 'conc') },
    { name: 'insertOne, durable (fsync), 16 callers at once', ops: 320, concurrency: 16, op: inserter(durDb, 'conc') },
    { name: 'updateOne $inc, durable (fsync), 16 callers', ops: 320, concurrency: 16, op: updater(durDb) },
  ]
}

function printTable(list: readonly Case[], ms: readonly number[], msPerDoc: number): void {
  const ping = ms[0] ?? Number.NaN
  const rows = [
    ...list.map((c, i) => [c.name, ms[i] ?? Number.NaN] as const),
    [`insertMany of ${DOCS} in batches of ${BATCH}, per document`, msPerDoc] as const,
  ]
  console.log(
    `embedded server, in-process, ${DOCS} documents; median of ${RUNS} interleaved runs (Node ${process.version})`,
  )
  console.table(rows.map(([operation, t]) => ({ operation, 'ms/op': t.toFixed(3), 'x ping': (t / ping).toFixed(2) })))
  const driver = ms[list.findIndex((c) => c.name.startsWith('regex search'))] ?? Number.NaN
  const floor = ms[list.findIndex((c) => c.name.startsWith('same search'))] ?? Number.NaN
  console.log(`regex search through the driver / plain JS filter: ${(driver / floor).toFixed(2)}x (target <= 3x)`)
}

async function printPingUnderLoad(memClient: MongoClient, uri: string): Promise<void> {
  const pingClient = await new MongoClient(uri).connect()
  try {
    const quiet = await pingDuringScans(memClient, pingClient, 0, 0)
    const load = await pingDuringScans(memClient, pingClient, 20, 3)
    console.log('ping from another client, idle and while 20 clients run regex scans back to back (target p99 < 50 ms)')
    console.table(
      [
        ['idle', quiet],
        ['20 concurrent scans', load],
      ].map(([label, r]) => {
        const f = r as Awaited<ReturnType<typeof pingDuringScans>>
        return {
          case: label as string,
          pings: f.pings,
          'p50 ms': f.p50.toFixed(2),
          'p99 ms': f.p99.toFixed(2),
          'max ms': f.max.toFixed(2),
          errors: f.pingErrors + f.scanErrors,
          'one round of 20 scans, ms': f.scans > 0 ? f.scanMs.toFixed(0) : '-',
        }
      }),
    )
  } finally {
    await pingClient.close()
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-db-'))
  const memory = await startEmbeddedMongo({ port: 0 })
  const durable = await startEmbeddedMongo({ port: 0, dataDir })
  const memClient = await new MongoClient(memory.uri, { maxPoolSize: 25 }).connect()
  const durClient = await new MongoClient(durable.uri).connect()
  try {
    const { people, msPerDoc } = await seed(memClient.db('bench'))
    const bookings = await seedBookings(memClient.db('bench'), DOCS)
    const grams = await seedGramBookings(memClient.db('bench'), bookings)
    console.log(
      `insert with search grams and their index: ${grams.ms.toFixed(3)} ms per booking, ` +
        `heap held ${Math.round(grams.bytes)} bytes per booking (document, grams and index)`,
    )
    const list = [...cases(memClient, durClient, people), ...scanCases(memClient, bookings)]
    printTable(list, await medians(list), msPerDoc)
    await printPingUnderLoad(memClient, memory.uri)
  } finally {
    await memClient.close()
    await durClient.close()
    await memory.stop()
    await durable.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

await main()
