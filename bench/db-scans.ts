/**
 * The scan half of bench:db: a case-insensitive regex search over eight fields (the app's unified search), once
 * through the driver and once as a plain JavaScript filter over the same documents in this process (the floor);
 * then ping latency from another client while 20 such scans run at once. Figures only, never assertions.
 */
import { performance } from 'node:perf_hooks'
import type { Db, MongoClient } from 'mongodb'
import { recordGrams, SEARCH_GRAMS_FIELD } from '../src/models/search-grams.js'

export interface Booking {
  _id: number
  company_name: string
  contact_person: string
  email: string
  contact_no: string
  pan: string
  gst: string
  bdm: string
  services: string[]
  status: string
}

/** The fields the unified search reads, as `src/models/booking.ts` declares them. */
const SEARCHED = ['company_name', 'contact_person', 'email', 'contact_no', 'pan', 'gst', 'services', 'bdm'] as const

export function bookingDoc(i: number): Booking {
  return {
    _id: i,
    company_name: `COMPANY ${i} PRIVATE LIMITED`,
    contact_person: `Person ${i}`,
    email: `c${i}@example.com`,
    contact_no: String(9_000_000_000 + i),
    pan: 'ABCDE1234F',
    gst: 'N/A',
    bdm: `BDM ${i % 40}`,
    services: [`Service ${i % 30}`],
    status: i % 3 ? 'Pending' : 'Completed',
  }
}

/** What the app sends for `q=`: every searched field against one escaped, case-insensitive pattern. */
export function searchFilter(pattern: RegExp): Record<string, unknown> {
  return { $or: SEARCHED.map((field) => ({ [field]: pattern })) }
}

/** The same search as a JavaScript filter: the best any engine over these documents could do without an index. */
export function jsSearch(docs: readonly Booking[], pattern: RegExp): Booking[] {
  return docs.filter((doc) =>
    SEARCHED.some((field) => {
      const v = doc[field]
      return Array.isArray(v) ? v.some((x) => pattern.test(x)) : pattern.test(v)
    }),
  )
}

export async function seedBookings(db: Db, count: number): Promise<Booking[]> {
  const docs = Array.from({ length: count }, (_, i) => bookingDoc(i))
  const coll = db.collection<Booking>('bookings')
  for (let i = 0; i < count; i += 5_000) await coll.insertMany(docs.slice(i, i + 5_000))
  return docs
}

/**
 * The same bookings in a second collection with their search grams and the gram index, written as the app writes
 * them (search-grams.ts); the index exists first, so the figure includes keeping it on insert. Returns ms per doc.
 */
/** Heap in use after a full collection, when the bench runs with --expose-gc (npm run bench:db does). */
function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  return process.memoryUsage().heapUsed
}

/**
 * Inserts the bookings again with their search grams into a collection indexed on them, as the app stores them.
 * Returns ms per booking and the heap the grams collection added per booking (documents, grams and index).
 */
export async function seedGramBookings(db: Db, docs: readonly Booking[]): Promise<{ ms: number; bytes: number }> {
  const coll = db.collection<Booking>('bookings_grams')
  await coll.createIndex({ [SEARCH_GRAMS_FIELD]: 1 }, undefined, undefined)
  const heapBefore = settledHeap()
  const started = performance.now()
  for (let i = 0; i < docs.length; i += 5_000) {
    await coll.insertMany(
      docs.slice(i, i + 5_000).map((doc) => ({ ...doc, [SEARCH_GRAMS_FIELD]: recordGrams(SEARCHED, { ...doc }) })),
    )
  }
  const ms = (performance.now() - started) / docs.length
  return { ms, bytes: (settledHeap() - heapBefore) / docs.length }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN
}

export interface PingUnderLoad {
  scans: number
  scanErrors: number
  pings: number
  pingErrors: number
  p50: number
  p99: number
  max: number
  scanMs: number
}

/**
 * `scanners` clients each run full regex scans back to back while a separate client pings every 10 ms, until
 * every scanner finished `rounds` scans. Returns ping latencies and the wall time of one round of scans.
 */
export async function pingDuringScans(
  scanClient: MongoClient,
  pingClient: MongoClient,
  scanners: number,
  rounds: number,
): Promise<PingUnderLoad> {
  const coll = scanClient.db('bench').collection<Booking>('bookings')
  const admin = pingClient.db('admin')
  const latencies: number[] = []
  let scans = 0
  let scanErrors = 0
  let pingErrors = 0
  const state = { running: true }
  const pinger = (async () => {
    // Idle (no scanners) it takes 50 pings; under load it pings until the scans are done.
    for (let n = 0; state.running || (scanners === 0 && n < 50); n++) {
      const start = performance.now()
      await admin.command({ ping: 1 }).catch(() => pingErrors++)
      latencies.push(performance.now() - start)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  const started = performance.now()
  const scanner = async (): Promise<void> => {
    for (let r = 0; r < rounds; r++) {
      await coll
        .find(searchFilter(/zz-no-such-text/i))
        .toArray()
        .then(() => scans++)
        .catch(() => scanErrors++)
    }
  }
  await Promise.all(Array.from({ length: scanners }, scanner))
  const elapsed = performance.now() - started
  state.running = false
  await pinger
  const sorted = latencies.sort((a, b) => a - b)
  return {
    scans,
    scanErrors,
    pings: sorted.length,
    pingErrors,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    scanMs: elapsed / rounds,
  }
}
