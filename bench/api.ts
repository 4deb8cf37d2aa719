/**
 * API benchmark: bookings on the embedded database (its own process, persisted), the compiled app in a child
 * process, and a bare node:http server answering a fixed 20-row page in a process of its own, measured side by side
 * with autocannon from this process at 20 and 50 connections. The headline runs with the list cache off
 * (READ_CACHE_MS=0: every request reads the database); one row repeats the list with the cache on. Then a streamed
 * CSV export (rows/s, peak RSS), and a restart of the app on the persisted database with the embedded server
 * in-process: seconds to /readyz and idle RSS. Figures only, never assertions.
 * Run: npm run bench:api [-- --bookings=1000000]   (default 100,000; BENCH_SECONDS per run, default 5)
 * Focused: npm run bench:api -- --only=create,list   runs only the named rows (keys in ROW_KEYS) on the app with the
 * cache off, next to the bare server, and skips the export, the cache-on row and the restart. `--no-build` runs the
 * dist/ already built; `--cpu-prof=DIR` has the app and the database write CPU profiles to DIR.
 * `--seed-grams` seeds the bookings with their search grams, as this app writes them (without it they are seeded
 * like records from before the search index and the app's backfill job fills them: about half an hour at 1M).
 * `--data=DIR` keeps the database in DIR and reuses its bookings on the next run (no second seeding).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { MongoClient } from 'mongodb'
import { cpuMs, createPayload, load, printRows, rssMb, type Route, type Row } from './api-load.js'
import { seed } from './api-seed.js'
import { PRODUCTION_ENV } from './production-env.js'

const BOOKINGS = Number(
  /^--bookings=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--bookings=')) ?? '')?.[1] ?? 100_000,
)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
/** `--only=` runs: each selected row first runs this long, uncounted. */
const WARM_UP_SECONDS = 3
/** Short names of the rows of `routes`, in its order, for `--only=`. */
const ROW_KEYS = [
  'bare',
  'list',
  'filter',
  'get',
  'seed1-create',
  'create',
  'filter-scan',
  'search',
  'pattern',
] as const
/** Rows that scan (a /readyz probe runs beside them). */
const SCAN_KEYS: readonly string[] = ['filter-scan', 'search', 'pattern']
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .filter((key) => key !== '')
const unknownKeys = (ONLY ?? []).filter((key) => !(ROW_KEYS as readonly string[]).includes(key))
if (unknownKeys.length > 0) throw new Error(`--only: unknown ${unknownKeys.join(', ')} (one of ${ROW_KEYS.join(', ')})`)
/** Whether `--only=` selects the row of `key`; the seed-1 create baseline always runs beside our create. */
function selected(key: string | undefined): boolean {
  if (!ONLY || key === undefined) return ONLY === undefined
  return ONLY.includes(key) || (key === 'seed1-create' && ONLY.includes('create'))
}
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' }

async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** `--cpu-prof=DIR`: the app and the database write V8 CPU profiles to DIR when they exit. */
const PROFILE_DIR = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length)
const PROFILE_ARGS = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []
/** `--data=DIR`: the database's directory, kept after the run (default: a new temporary one). */
const DATA_DIR = process.argv.find((a) => a.startsWith('--data='))?.slice('--data='.length)

/** Runs a compiled entry point from dist/ (what production runs: no tsx loader in the figures). */
function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...PROFILE_ARGS, ...args], {
    env: { ...process.env, ...PRODUCTION_ENV, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  // Generous: the first start builds every index over the seeded bookings, on a machine shared with other work.
  for (let i = 0; i < 3000; i += 1) {
    if (await check().catch(() => false)) return
    await sleep(200)
  }
  throw new Error(`${what} did not start`)
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

async function exportAll(
  url: string,
  token: string,
  pid: number,
): Promise<{ rows: number; seconds: number; startMb: number; peakMb: number }> {
  const start = rssMb(pid)
  let peak = start
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid))
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
  return { rows: lines - 1, seconds: (performance.now() - started) / 1000, startMb: start, peakMb: peak }
}

const APP_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  LOG_DIR: '/tmp/crm-bench-logs',
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijk',
  SEED_ADMIN_EMAIL: ADMIN.email,
  SEED_ADMIN_PASSWORD: ADMIN.password,
}

/** The compiled app in production mode, signed in as the seeded admin; `ready` is ms from spawn to /readyz 200. */
async function startApp(
  env: Record<string, string>,
): Promise<{ app: ChildProcess; base: string; token: string; ready: number }> {
  const appPort = await freePort()
  const spawned = performance.now()
  const app = start(['dist/main.js'], { ...APP_ENV, PORT: String(appPort), ...env })
  const base = `http://127.0.0.1:${appPort}`
  await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 'app')
  const ready = performance.now() - spawned
  return { app, base, token: await login(base), ready }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** The bare node:http baseline, serving `page` from a process of its own; resolves to its URL. */
async function startBare(page: Record<string, unknown>[]): Promise<{ bare: ChildProcess; url: string }> {
  const payload = JSON.stringify({ success: true, data: page, meta: { page: 3, limit: 20, total: BOOKINGS } })
  const payloadFile = path.join(mkdtempSync(path.join(tmpdir(), 'crm-bench-')), 'page.json')
  writeFileSync(payloadFile, payload)
  const { child: bare, port } = await startPrinter('bench/bare-server.ts', [payloadFile])
  return { bare, url: `http://127.0.0.1:${port}/` }
}

/** The seed-1 create baseline (seed1-create-server.ts) on its own database of the same server; resolves to its URL. */
async function startSeed1(uri: string): Promise<{ seed1: ChildProcess; url: string }> {
  const client = await MongoClient.connect(uri)
  // Each run starts from an empty collection, as seed 1's has no index whose size would matter.
  await client.db('seed1_bench').dropDatabase()
  await client.close()
  const { child: seed1, port } = await startPrinter('bench/seed1-create-server.ts', [
    `${uri}/seed1_bench`,
    APP_ENV.JWT_SECRET,
  ])
  return { seed1, url: `http://127.0.0.1:${port}/booking/addbooking` }
}

/** A bench server in a process of its own that prints its port once listening. */
async function startPrinter(script: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...PRODUCTION_ENV, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      resolve(Number(chunk.toString().trim()))
    })
    child.once('exit', () => {
      reject(new Error(`${script} exited`))
    })
  })
  return { child, port }
}

/** Routes an index serves first; the scans last, so their backlog (the app finishes abandoned requests) stays last. */
function routes(base: string, bareUrl: string, seed1Url: string, sample: string, owner: string): Route[] {
  const get = (name: string, url: string): Route => ({ name, url: `${base}${url}`, auth: true })
  return [
    { name: 'bare node:http (20-row page)', url: bareUrl, auth: false },
    get('v1 list, indexed (status, sort -date)', '/api/v1/bookings?status=Pending&sort=-date&page=3&limit=20'),
    get('legacy filter, indexed (status)', '/booking/bookings/filter?status=Pending&page=3&limit=20'),
    get('v1 get by id (audited read)', `/api/v1/bookings/${sample}`),
    {
      name: 'seed-1 create (unaudited baseline)',
      url: seed1Url,
      auth: true,
      method: 'POST',
      body: createPayload(owner),
    },
    { ...get('legacy create (audited)', '/booking/addbooking'), method: 'POST', body: createPayload(owner) },
    get(
      'legacy filter, no index (dates + bdmName regex)',
      '/booking/bookings/filter?startDate=2024-03-01&endDate=2024-09-30&bdmName=bdm%207&page=1&limit=20',
    ),
    get('v1 search q= (8 fields)', '/api/v1/bookings?q=person%2012345&limit=20'),
    get('legacy unified search /user/?pattern=', '/user/?pattern=Person%2012345'),
  ]
}

/**
 * Waits until the app's search.backfill job has given the seeded bookings (written without grams, like a database
 * from before the search index) their grams and marked the index ready; searches scan until then. Returns seconds.
 */
async function searchIndexReady(uri: string): Promise<number> {
  const started = performance.now()
  const client = await MongoClient.connect(uri)
  try {
    const state = client.db('bench').collection<{ _id: string; ready?: boolean }>('search_index_state')
    // The job's first run comes a minute after start; then it fills every booking (minutes on a million).
    while ((await state.findOne({ _id: 'bookings' }))?.ready !== true) await sleep(1000)
    // On a reused data directory the database sorts its non-unique indexes in the background after recovery (queries
    // scan until each is ready, and the sorts take the database's CPU): measure once they are done.
    const building = async (): Promise<number> => {
      const status = (await client.db('admin').command({ serverStatus: 1 })) as {
        indexBuilds?: { inProgress?: number }
      }
      return status.indexBuilds?.inProgress ?? 0
    }
    while ((await building()) > 0) await sleep(1000)
  } finally {
    await client.close()
  }
  return (performance.now() - started) / 1000
}

/** Each route at 20 and 50 connections; while the scanning routes run, one more client asks /readyz. */
async function loadAll(list: readonly Route[], token: string, base: string): Promise<Row[]> {
  const rows: Row[] = []
  const readyz: Route = { name: '/readyz while the route above runs (1 conn)', url: `${base}/readyz`, auth: false }
  for (const [i, route] of list.entries()) {
    if (!selected(ROW_KEYS[i])) continue
    for (const connections of [20, 50]) {
      const scans = SCAN_KEYS.includes(ROW_KEYS[i] ?? '') || ONLY !== undefined
      const probe = scans && connections === 20 ? load(readyz, 1, SECONDS, token) : undefined
      rows.push(await load(route, connections, SECONDS, token))
      if (probe) rows.push(await probe)
    }
  }
  return rows
}

/**
 * `--only=`: the named rows at 20 and 50 connections, next to the bare server, with the CPU time the app and the
 * database processes spent per answered request (a figure a loaded machine disturbs far less than req/s).
 */
async function focused(
  started: { app: ChildProcess; base: string; token: string },
  db: ChildProcess,
  sample: { bareUrl: string; seed1: ChildProcess; seed1Url: string; id: string; owner: string },
): Promise<void> {
  const { app, base, token } = started
  const rows: Row[] = []
  const costs: Record<string, string | number>[] = []
  const all = routes(base, sample.bareUrl, sample.seed1Url, sample.id, sample.owner)
  const chosen = all.filter((_, i) => selected(ROW_KEYS[i]))
  // Not counted: the first seconds of a fresh process run cold code (the JIT has not optimised the request path
  // yet), which made whichever row came first the slowest one.
  for (const route of chosen) await load(route, 20, WARM_UP_SECONDS, token)
  console.log(`warm-up: ${String(WARM_UP_SECONDS)} s of each row at 20 connections, not counted`)
  for (const route of chosen) {
    const bare = route === all[0]
    // The baseline's own process stands in for the app in its row.
    const server = route.url === sample.seed1Url ? sample.seed1 : app
    for (const connections of [20, 50]) {
      const before = [cpuMs(server.pid), cpuMs(db.pid)]
      const row = await load(route, connections, SECONDS, token)
      const perRequest = (pid: number | undefined, from: number | undefined) =>
        ((cpuMs(pid) - (from ?? 0)) / Math.max(1, row.total)).toFixed(2)
      rows.push(row)
      costs.push({
        route: route.name,
        conns: connections,
        'app CPU ms/req': bare ? '-' : perRequest(server.pid, before[0]),
        'db CPU ms/req': bare ? '-' : perRequest(db.pid, before[1]),
      })
    }
  }
  const loadedRss = rssMb(app.pid)
  await stop(app)
  console.log(`\n${SECONDS} s per run, ${BOOKINGS} bookings, READ_CACHE_MS=0, only ${ONLY?.join(', ')}`)
  printRows(rows, rows.find((row) => row.route.startsWith('bare'))?.rps ?? Number.NaN)
  console.table(costs)
  printCreateRatio(rows)
  console.log(`app RSS after the load runs: ${loadedRss.toFixed(0)} MB; machine load: ${loadavg().join(' ')}`)
}

/** Our audited create's throughput as a share of the seed-1 baseline's, measured in the same run. */
function printCreateRatio(rows: readonly Row[]): void {
  for (const connections of [20, 50]) {
    const rps = (prefix: string) =>
      rows.find((row) => row.route.startsWith(prefix) && row.connections === connections)?.rps
    const ours = rps('legacy create')
    const seed1 = rps('seed-1 create')
    if (ours === undefined || seed1 === undefined) continue
    console.log(
      `audited create at ${connections} connections: ${Math.round(ours)} req/s, ${((ours / seed1) * 100).toFixed(0)}% of seed 1's unaudited ${Math.round(seed1)}`,
    )
  }
}

async function main(): Promise<void> {
  const dbPort = await freePort()
  const dataDir = DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'crm-bench-data-'))
  mkdirSync(dataDir, { recursive: true })
  // `npm run build` compiles to dist/ and prebundles the admin components, as a production deploy does.
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
  // The same heap ceilings as the app's database thread (src/db/embedded/thread.ts).
  const db = start(
    [
      '--max-old-space-size=8192',
      '--max-semi-space-size=64',
      'dist/cli/db.js',
      '--port',
      String(dbPort),
      '--dbpath',
      path.join(dataDir, 'db'),
    ],
    {},
  )
  const uri = `mongodb://127.0.0.1:${dbPort}`
  await waitFor(async () => {
    await (await MongoClient.connect(uri)).close()
    return true
  }, 'database')
  const { page, owner } = await seed(uri, BOOKINGS, 'bench', {
    grams: process.argv.includes('--seed-grams'),
    reuse: DATA_DIR !== undefined,
  })
  const { bare, url: bareUrl } = await startBare(page)
  const { seed1, url: seed1Url } = await startSeed1(uri)

  const first = await startApp({ MONGO_URL: `${uri}/bench`, READ_CACHE_MS: '0' })
  const backfillSeconds = await searchIndexReady(uri)
  console.log(`search index backfill of ${BOOKINGS} bookings: ready after ${backfillSeconds.toFixed(1)} s`)
  if (ONLY) {
    await focused(first, db, { bareUrl, seed1, seed1Url, id: String(page[0]?._id), owner })
    bare.kill('SIGTERM')
    seed1.kill('SIGTERM')
    await stop(db)
    return
  }
  let { app, base, token } = first
  // The export runs first, on the freshly started app, so its peak RSS is its own and not the list load's heap.
  const exported = await exportAll(`${base}/api/v1/bookings/export.csv`, token, app.pid ?? 0)
  const list = routes(base, bareUrl, seed1Url, String(page[0]?._id), owner)
  const rows = await loadAll(list, token, base)
  const loadedRss = rssMb(app.pid)
  await stop(app)
  ;({ app, base, token } = await startApp({ MONGO_URL: `${uri}/bench` }))
  rows.push(
    await load(
      {
        ...(list[1] as Route),
        name: 'v1 list, indexed, list cache ON',
        url: list[1]?.url.replace(/^http:\/\/[^/]+/, base) ?? '',
      },
      50,
      SECONDS,
      token,
    ),
  )
  await stop(app)
  bare.kill('SIGTERM')
  seed1.kill('SIGTERM')
  await stop(db)

  // A restart on the persisted database, embedded in the app's process: what an operator waits for after a deploy.
  const restarted = await startApp({ DATA_DIR: dataDir })
  await sleep(2000)
  const idleRss = rssMb(restarted.app.pid)
  await stop(restarted.app)

  console.log(
    `\n${SECONDS} s per run, ${BOOKINGS} bookings, READ_CACHE_MS=0 unless said (app, database and load generator share this machine)`,
  )
  printRows(rows, rows[0]?.rps ?? 1)
  printCreateRatio(rows)
  console.table([
    {
      export: 'GET /api/v1/bookings/export.csv',
      rows: exported.rows,
      'rows/s': Math.round(exported.rows / exported.seconds),
      'peak RSS MB': exported.peakMb.toFixed(0),
    },
  ])
  console.table([
    {
      what: 'first start on the seeded bookings (builds every index): s to /readyz',
      value: (first.ready / 1000).toFixed(1),
    },
    { what: 'app RSS after the load runs (external database), MB', value: loadedRss.toFixed(0) },
    {
      what: `restart on ${BOOKINGS} persisted bookings, embedded: s to /readyz`,
      value: (restarted.ready / 1000).toFixed(1),
    },
    { what: 'idle RSS of that app (embedded database in-process), MB', value: idleRss.toFixed(0) },
  ])
  console.log(
    'targets: search p99 < 300 ms at 20 conns, 0 errors; create >= 250 req/s and >= the seed-1 create at 20 conns; restart < 5 s',
  )
}

await main()
