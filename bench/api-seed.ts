/** The bookings bench:api runs on: seed-1-shaped documents, inserted straight into the database in batches. */
import { performance } from 'node:perf_hooks'
import { MongoClient, ObjectId } from 'mongodb'

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

export async function seed(
  uri: string,
  count: number,
  dbName = 'bench',
): Promise<{ page: Record<string, unknown>[]; owner: string }> {
  const client = await MongoClient.connect(uri)
  const bookings = client.db(dbName).collection('bookings')
  await bookings.deleteMany({})
  const owner = new ObjectId().toHexString()
  const started = performance.now()
  for (let from = 0; from < count; from += BATCH) {
    await bookings.insertMany(
      Array.from({ length: BATCH }, (_, k) => booking(from + k, owner)),
      { ordered: false },
    )
  }
  console.log(`seeded ${count} bookings in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const page = await bookings.find({}).limit(20).toArray()
  await client.close()
  return { page: page.map((row) => ({ ...row, _id: String(row._id) })), owner }
}
