/**
 * API benchmark: 100,000 bookings on the embedded database (its own process), the compiled app in a child process,
 * and a bare node:http server answering a fixed 20-row page in a child process of its own, measured side by side
 * with autocannon (50 connections) from this process. The v1 list is measured twice: as configured (the list cache
 * serves the repeated page) and on a second start with READ_CACHE_MS=0 (every request reads the database).
 * Then a streamed CSV export of every booking: rows/s and the app's peak RSS. Figures only, never assertions.
 * Run: npm run bench:api
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { MongoClient, ObjectId } from 'mongodb'

const BOOKINGS = 100_000
const BATCH = 5_000
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
const STATUSES = ['Pending', 'In Progress', 'Completed']
const BANKS = ['Cash', 'HDFC Bank', 'Razorpay', 'Kotak Mahindra Bank']
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' }

async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Runs a compiled entry point from dist/ (what production runs: no tsx loader in the figures). */
function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check().catch(() => false)) return
    await sleep(200)
  }
  throw new Error(`${what} did not start`)
}

function booking(i: number, owner: string): Record<string, unknown> {
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

async function seed(uri: string): Promise<Record<string, unknown>[]> {
  const client = await MongoClient.connect(uri)
  const bookings = client.db('bench').collection('bookings')
  await bookings.deleteMany({})
  const owner = new ObjectId().toHexString()
  const started = performance.now()
  for (let from = 0; from < BOOKINGS; from += BATCH) {
    await bookings.insertMany(
      Array.from({ length: BATCH }, (_, k) => booking(from + k, owner)),
      { ordered: false },
    )
  }
  console.log(`seeded ${BOOKINGS} bookings in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const page = await bookings.find({}).limit(20).toArray()
  await client.close()
  return page.map((row) => ({ ...row, _id: String(row._id) }))
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  const body = (await res.json()) as { data?: { token?: string } }
  if (!body.data?.token) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`)
  return body.data.token
}

interface Row {
  name: string
  rps: number
  p50: number
  p99: number
  errors: number
}

async function load(name: string, url: string, token?: string): Promise<Row> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: token ? { authorization: token } : {},
  })
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  }
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
}

async function exportAll(
  url: string,
  token: string,
  pid: number,
): Promise<{ rows: number; seconds: number; startMb: number; peakMb: number }> {
  const start = rssOf(pid)
  let peak = start
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid))
  }, 50)
  const started = performance.now()
  let lines = 0
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, { headers: { authorization: token } }, (res) => {
        res.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) lines += 1
        })
        res.on('end', resolve)
        res.on('error', reject)
      })
      .on('error', reject)
  })
  clearInterval(sampler)
  const mb = (bytes: number): number => bytes / 1024 / 1024
  return { rows: lines - 1, seconds: (performance.now() - started) / 1000, startMb: mb(start), peakMb: mb(peak) }
}

/** The compiled app in production mode on the bench database, signed in as the seeded admin. */
async function startApp(
  uri: string,
  env: Record<string, string>,
): Promise<{ app: ChildProcess; base: string; token: string }> {
  const appPort = await freePort()
  const app = start(['dist/main.js'], {
    NODE_ENV: 'production',
    PORT: String(appPort),
    MONGO_URL: `${uri}/bench`,
    LOG_LEVEL: 'warn',
    LOG_DIR: '/tmp/crm-bench-logs',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijk',
    SEED_ADMIN_EMAIL: ADMIN.email,
    SEED_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  })
  const base = `http://127.0.0.1:${appPort}`
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 'app')
  const token = await login(base)
  return { app, base, token }
}

async function main(): Promise<void> {
  const dbPort = await freePort()
  // `npm run build` compiles to dist/ and prebundles the admin components, as a production deploy does.
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
  const db = start(['dist/cli/db.js', '--port', String(dbPort), '--inMemory'], {})
  const uri = `mongodb://127.0.0.1:${dbPort}`
  await waitFor(async () => {
    const c = await MongoClient.connect(uri)
    await c.close()
    return true
  }, 'database')
  const page = await seed(uri)

  let { app, base, token } = await startApp(uri, {})

  const payload = JSON.stringify({ success: true, data: page, meta: { page: 3, limit: 20, total: BOOKINGS } })
  const payloadFile = path.join(mkdtempSync(path.join(tmpdir(), 'crm-bench-')), 'page.json')
  writeFileSync(payloadFile, payload)
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts', payloadFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const barePort = await new Promise<number>((resolve, reject) => {
    bare.stdout.once('data', (chunk: Buffer) => {
      resolve(Number(chunk.toString().trim()))
    })
    bare.once('exit', () => {
      reject(new Error('the bare server exited'))
    })
  })

  // The export runs first, on the freshly started app, so its peak RSS is its own and not the list load's heap.
  const exported = await exportAll(`${base}/api/v1/bookings/export.csv`, token, app.pid ?? 0)
  const rows = [
    await load('bare node:http (20-row page)', `http://127.0.0.1:${barePort}/`),
    await load(
      'GET /api/v1/bookings?status=Pending&sort=-date&page=3&limit=20',
      `${base}/api/v1/bookings?status=Pending&sort=-date&page=3&limit=20`,
      token,
    ),
    await load(
      'GET /booking/bookings/filter?status=Pending&page=3&limit=20',
      `${base}/booking/bookings/filter?status=Pending&page=3&limit=20`,
      token,
    ),
  ]
  // The same route with the list cache off: every request reads the database (find and count).
  app.kill('SIGTERM')
  await new Promise((resolve) => app.once('exit', resolve))
  ;({ app, base, token } = await startApp(uri, { READ_CACHE_MS: '0' }))
  rows.push(
    await load(
      'the same, READ_CACHE_MS=0 (every request reads the database)',
      `${base}/api/v1/bookings?status=Pending&sort=-date&page=3&limit=20`,
      token,
    ),
  )
  bare.kill('SIGTERM')
  app.kill('SIGTERM')
  db.kill('SIGTERM')

  const bareRps = rows[0]?.rps ?? 1
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s each, ${BOOKINGS} bookings (app, database and load generator share this machine)`,
  )
  console.table(
    rows.map((row) => ({
      route: row.name,
      'req/s': Math.round(row.rps),
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      'non-2xx+errors': row.errors,
      '% of bare': `${((row.rps / bareRps) * 100).toFixed(1)}%`,
    })),
  )
  console.table([
    {
      export: 'GET /api/v1/bookings/export.csv',
      rows: exported.rows,
      seconds: exported.seconds.toFixed(1),
      'rows/s': Math.round(exported.rows / exported.seconds),
      'RSS before MB': exported.startMb.toFixed(0),
      'peak RSS MB': exported.peakMb.toFixed(0),
    },
  ])
  console.log('targets: v1 list >= 30% of bare; export >= 20,000 rows/s with peak RSS < 300 MB')
}

await main()
