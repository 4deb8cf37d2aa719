/**
 * Start-up benchmark: N bookings persisted in an embedded data directory (seeded once, then the app's first start
 * builds its indexes over them), then (1) a recovery of that directory in a child process, phase by phase, with the
 * memory per document, and (2) a restart of the compiled app on it (embedded database in-process): ms to each
 * start-up log line, to /readyz, and RSS at ready, after 3 s idle and once background index sorts are done.
 * Run: npm run bench:startup -- --bookings=1000000 [--data=/tmp/dir] [--cpu-prof] [--no-build] [--quick]
 * The data directory is kept (default /tmp/crm-startup-<N>) so later runs skip the seeding. --quick skips the waits
 * for the background index sorts (minutes at 1M), for comparing start-up itself.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { ObjectId } from 'mongodb'
import { writeSnapshot } from '../src/db/embedded/storage/generations.js'
import { encodeRecord } from '../src/db/embedded/storage/record-codec.js'
import { rssMb } from './api-load.js'
import { booking } from './api-seed.js'
import { PRODUCTION_ENV } from './production-env.js'

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const BOOKINGS = Number(arg('bookings') ?? 100_000)
const DATA = arg('data') ?? `/tmp/crm-startup-${BOOKINGS}`
const QUICK = process.argv.includes('--quick')
const APP_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  LOG_DIR: '/tmp/crm-bench-logs',
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijk',
  SEED_ADMIN_EMAIL: 'bench@example.com',
  SEED_ADMIN_PASSWORD: 'bench-password-123',
  DATA_DIR: DATA,
}

async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function until(check: () => Promise<boolean>, what: string, everyMs = 25): Promise<void> {
  for (let waited = 0; waited < 30 * 60_000; waited += everyMs) {
    if (await check().catch(() => false)) return
    await sleep(everyMs)
  }
  throw new Error(`${what} did not happen`)
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * Writes the bookings as snapshot 1 of the data directory (what a compaction leaves: the same frames, the same
 * file), far faster than inserting a million through the driver; then lets the app build its indexes once.
 */
async function seedOnce(): Promise<void> {
  const marker = path.join(DATA, 'seeded')
  if (existsSync(marker)) return
  rmSync(DATA, { recursive: true, force: true })
  mkdirSync(path.join(DATA, 'db'), { recursive: true })
  const owner = new ObjectId().toHexString()
  const frames = [encodeRecord({ t: 'createCollection', db: 'crm', coll: 'bookings', options: {} })]
  for (let i = 0; i < BOOKINGS; i += 1) {
    frames.push(encodeRecord({ t: 'put', db: 'crm', coll: 'bookings', doc: booking(i, owner) }))
  }
  await writeSnapshot(path.join(DATA, 'db'), 1, frames)
  const first = await restart([])
  console.log(`first start (builds the app's indexes): ${(first.readyMs / 1000).toFixed(1)} s to /readyz`)
  writeFileSync(marker, String(BOOKINGS))
}

interface Restart {
  readyMs: number
  /** ms from spawn to each start-up log line (first occurrence). */
  marks: Record<string, number>
  rss: Record<string, number>
}

/** Starts dist/main.js on the data directory and times it; stops it once its background index builds are over. */
async function restart(nodeArgs: string[]): Promise<Restart> {
  const port = await freePort()
  const spawned = performance.now()
  const app = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    env: { ...process.env, ...PRODUCTION_ENV, ...APP_ENV, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const marks: Record<string, number> = {}
  let buffered = ''
  app.stdout.on('data', (chunk: Buffer) => {
    const now = Math.round(performance.now() - spawned)
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      const message = /"message":"([^"]+)"/.exec(line)?.[1]
      if (message && !(message in marks)) marks[message] = now
    }
  })
  await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 'app /readyz')
  const readyMs = performance.now() - spawned
  const rss: Record<string, number> = { ready: rssMb(app.pid) }
  await sleep(3000)
  rss['idle 3 s'] = rssMb(app.pid)
  // Background index sorts end with no log line of their own: wait until the CPU time stops growing.
  if (QUICK) {
    await stop(app)
    return { readyMs, marks, rss }
  }
  await sleep(Math.min(60_000, BOOKINGS / 20))
  rss[`idle ${(3 + Math.min(60, BOOKINGS / 20_000)).toFixed(0)} s`] = rssMb(app.pid)
  await stop(app)
  return { readyMs, marks, rss }
}

function recoverInChild(): Record<string, unknown> {
  const args = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/startup-recovery.ts']
  const out = execFileSync(process.execPath, [...args, path.join(DATA, 'db'), ...process.argv.slice(2)], {
    env: { ...process.env, ...PRODUCTION_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
  await seedOnce()
  const recovery = recoverInChild()
  const { files, ...figures } = recovery
  const profDir = `/tmp/crm-startup-prof-${BOOKINGS}`
  const run = await restart(process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])
  console.log(
    `\n${BOOKINGS} bookings in ${DATA}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  )
  console.log('files:', files)
  console.table([figures])
  console.table(Object.entries(run.marks).map(([line, ms]) => ({ 'app restart: log line': line, 'ms from spawn': ms })))
  console.table([{ 'ms to /readyz': Math.round(run.readyMs), ...run.rss }])
  if (process.argv.includes('--cpu-prof')) console.log(`CPU profile of the restart in ${profDir}`)
  console.log('target: restart < 5 s to /readyz at 1,000,000 bookings')
}

await main()
