/** The bookings bench:api runs on: seed-1-shaped documents, inserted straight into the database in batches. */
import { performance } from 'node:perf_hooks'
import { MongoClient, ObjectId } from 'mongodb'
import { bookingResource } from '../src/models/booking.js'
import { recordGrams, SEARCH_GRAMS_FIELD } from '../src/models/search-grams.js'

const BATCH = 5_000
const STATUSES = ['Pending', 'In Progress', 'Completed']
const BANKS = ['Cash', 'HDFC Bank', 'Razorpay', 'Kotak Mahindra Bank']

export function booking(i: number, owner: string): Record<string, unknown> {
  const date = new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000)
  const term = i % 3 === 0 ? 1000 : 0
  return {
    _id: new ObjectId(),
    user_id: owner,
    bdm: `BDM ${i % 40}`,
    branch_name: 'Noida 402',
    company_name: `COMPANY ${i}`,
    contact_person: `Person ${i}`,
    email: `c${i}@example.com`,
    contact_no: String(9_000_000_000 + i),
    services: [`Service ${i % 30}`],
    total_amount: 10_000,
    term_1: term,
    term_2: 0,
    term_3: 0,
    received_amount: term,
    pending_amount: 10_000 - term,
    payment_date: term ? date : null,
    date,
    pan: 'ABCDE1234F',
    gst: 'N/A',
    bank: BANKS[i % BANKS.length],
    state: 'Delhi',
    status: STATUSES[i % 3],
    remark: '',
    closed_by: '',
    after_disbursement: '',
    _rev: 1,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    createdAt: new Date(Date.now() - i * 1000),
    updatedAt: new Date(),
  }
}

/** A booking as this app writes it: with the grams of its search fields (src/models/search-index.ts). */
function withGrams(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, [SEARCH_GRAMS_FIELD]: recordGrams(bookingResource.search, doc) }
}

export interface SeedOptions {
  /** Seed the grams too (bookings written by this app) instead of leaving them to the backfill job (older ones). */
  readonly grams?: boolean
  /** Keep bookings already there (a data directory seeded by an earlier run) when there are `count` of them. */
  readonly reuse?: boolean
}

export async function seed(
  uri: string,
  count: number,
  dbName = 'bench',
  options: SeedOptions = {},
): Promise<{ page: Record<string, unknown>[]; owner: string }> {
  const client = await MongoClient.connect(uri)
  const bookings = client.db(dbName).collection('bookings')
  const kept = options.reuse === true ? await bookings.estimatedDocumentCount() : 0
  let owner = new ObjectId().toHexString()
  if (kept >= count) {
    owner = String((await bookings.findOne({}, { projection: { user_id: 1 } }))?.user_id)
    console.log(`reusing the ${kept} bookings already seeded`)
  } else {
    await bookings.deleteMany({})
    const started = performance.now()
    const make = options.grams === true ? (i: number) => withGrams(booking(i, owner)) : (i: number) => booking(i, owner)
    for (let from = 0; from < count; from += BATCH) {
      await bookings.insertMany(
        Array.from({ length: BATCH }, (_, k) => make(from + k)),
        { ordered: false },
      )
    }
    const how = options.grams === true ? 'with their search grams' : 'without search grams'
    console.log(`seeded ${count} bookings ${how} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const page = await bookings
    .find({}, { projection: { [SEARCH_GRAMS_FIELD]: 0 } })
    .limit(20)
    .toArray()
  await client.close()
  return { page: page.map((row) => ({ ...row, _id: String(row._id) })), owner }
}
