/**
 * Migration benchmark (issue 18): a seed-1 database of N bookings (one in ten with two history entries, one in fifty
 * trashed) migrated into a second database through src/migrate, as `npm run migrate` does. The database runs in its
 * own process (`npm run db`, in memory), so the RSS figures are the migrator's alone. Prints figures; asserts nothing.
 * Run: npm run bench:migrate [-- --bookings=100000]
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { ObjectId, type Db } from 'mongodb'
import { openConnection } from '../src/db/connect.js'
import { createLogger } from '../src/logger.js'
import { migrateSeed1 } from '../src/migrate/migrate.js'

const { values } = parseArgs({ options: { bookings: { type: 'string', default: '100000' } } })
const N = Number(values.bookings)

async function startDatabase(): Promise<{ uri: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', '--port', '0', '--inMemory'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer]
  return { uri: chunk.toString().trim(), stop: () => child.kill('SIGTERM') }
}

function seedBooking(i: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000)
  const history =
    i % 10 === 0
      ? [
          { updatedBy: 'Ravi', updatedAt: at, note: '', changes: { term_1: { old: 0, new: 1000 } } },
          {
            updatedBy: 'Meera',
            updatedAt: at,
            note: 'call',
            changes: { status: { old: 'Pending', new: 'In Progress' } },
          },
        ]
      : []
  return {
    _id: new ObjectId(),
    user_id: new ObjectId().toHexString(),
    bdm: `BDM ${i % 40}`,
    branch_name: '407 AMD',
    company_name: `Company ${i}`,
    contact_person: `Person ${i}`,
    email: `person${i}@example.com`,
    contact_no: 9_000_000_000 + i,
    services: ['MSME Registration'],
    total_amount: 20_000,
    term_1: i % 10 === 0 ? 1000 : 0,
    date: at,
    pan: 'ABCDE1234F',
    gst: 'N/A',
    bank: 'Cash',
    state: 'Gujarat',
    status: i % 10 === 0 ? 'In Progress' : 'Pending',
    updatedhistory: history,
    isDeleted: i % 50 === 0,
    deletedAt: i % 50 === 0 ? at : null,
    deletedBy: i % 50 === 0 ? 'Old Dev' : null,
    createdAt: at,
    updatedAt: at,
  }
}

async function fill(db: Db): Promise<void> {
  for (let start = 0; start < N; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, N - start) }, (_, k) => seedBooking(start + k))
    await db.collection('bookings').insertMany(batch)
  }
}

const database = await startDatabase()
const logger = createLogger({ logDir: './logs/bench', logLevel: 'warn', env: 'development' })
const source = await openConnection(`${database.uri.replace(/\/$/, '')}/seed1_bench`, () => Promise.resolve())
const target = await openConnection(`${database.uri.replace(/\/$/, '')}/migrated_bench`, () => Promise.resolve())
try {
  if (!source.connection.db) throw new Error('not connected')
  await fill(source.connection.db)
  global.gc?.()
  const rssBefore = process.memoryUsage().rss
  let rssPeak = rssBefore
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
  }, 200)
  const started = performance.now()
  const report = await migrateSeed1({ source: source.connection, target: target.connection, logger })
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
  const bookings = report.collections.bookings
  console.log(
    `bookings migrated:      ${bookings?.written ?? 0} of ${N} (history entries ${bookings?.historyEntries ?? 0}, trashed ${bookings?.trashed ?? 0})`,
  )
  console.log(`time (incl. invariants): ${seconds.toFixed(1)} s`)
  console.log(`documents/s:            ${((bookings?.written ?? 0) / seconds).toFixed(0)}`)
  console.log(
    `migrator RSS:           before ${mb(rssBefore)} MB, peak ${mb(rssPeak)} MB, after ${mb(process.memoryUsage().rss)} MB`,
  )
  console.log(`invariants:             ${report.invariants.every((i) => i.ok) ? 'all hold' : 'FAILED'}`)
} finally {
  await source.close()
  await target.close()
  database.stop()
}
