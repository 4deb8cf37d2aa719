/**
 * Import benchmark (issue 15): a 5,000-row bookings sheet as CSV and as XLSX, each sent to
 * `POST /api/v1/bookings/import` twice, first as a dry run, then for real (all-or-nothing), through the real app over
 * HTTP. The database runs in its own process (`npm run db`, in memory), so the memory figures are the app's: peak
 * RSS and heap during each import, above what the process held before it. Prints figures; asserts nothing.
 * Run: npm run bench:import [-- --rows=20000]
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, openAsBlob, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import ExcelJS from 'exceljs'
import { seedRoles } from '../src/access/seed-roles.js'
import { buildApp } from '../src/app.js'
import { createAppContext, syncIndexes } from '../src/app-context.js'
import { hashPassword } from '../src/auth/passwords.js'
import { signToken } from '../src/auth/tokens.js'
import { loadConfig } from '../src/config.js'
import { openConnection } from '../src/db/connect.js'
import { createLogger } from '../src/logger.js'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' } } })
const ROWS = Number(values.rows)
const HEADER = [
  'branch_name',
  'contact_person',
  'email',
  'contact_no',
  'services',
  'total_amount',
  'term_1',
  'date',
  'state',
  'remark',
]

function row(i: number): unknown[] {
  return [
    '407 AMD',
    `Person ${i}`,
    `person${i}@example.com`,
    String(9_000_000_000 + i),
    i % 3 === 0 ? 'MSME Registration;GST' : 'Trademark',
    20_000 + (i % 7) * 1000,
    i % 10 === 0 ? 1000 : 0,
    new Date(Date.UTC(2025, 0, 1 + (i % 300))),
    'Gujarat',
    `Imported row ${i}, with a comma`,
  ]
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file)
  const cell = (value: unknown) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  out.write(`${HEADER.join(',')}\r\n`)
  for (let i = 0; i < ROWS; i += 1) {
    if (!out.write(`${row(i).map(cell).join(',')}\r\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function writeXlsx(file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false })
  const sheet = workbook.addWorksheet('Bookings')
  sheet.addRow(HEADER).commit()
  for (let i = 0; i < ROWS; i += 1) sheet.addRow(row(i)).commit()
  sheet.commit()
  await workbook.commit()
}

async function startDatabase(): Promise<{ uri: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', '--port', '0', '--inMemory'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer]
  return { uri: chunk.toString().trim(), stop: () => child.kill('SIGTERM') }
}

interface Figures {
  label: string
  status: number
  written: number
  seconds: number
  rssPeakMb: number
  heapPeakMb: number
  /** Heap still held after a full collection once the import answered: what the import left behind. */
  heapRetainedMb: number
}

const mb = (bytes: number) => bytes / 1024 / 1024

async function measure(label: string, url: string, file: string, token: string): Promise<Figures> {
  global.gc?.()
  const base = process.memoryUsage()
  let rss = base.rss
  let heap = base.heapUsed
  const sampler = setInterval(() => {
    const now = process.memoryUsage()
    rss = Math.max(rss, now.rss)
    heap = Math.max(heap, now.heapUsed)
  }, 10)
  const form = new FormData()
  form.append('file', await openAsBlob(file), path.basename(file))
  const started = performance.now()
  const res = await fetch(url, { method: 'POST', headers: { authorization: token }, body: form })
  const body = (await res.json()) as { data?: { written?: number; badRows?: number } }
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  if ((body.data?.badRows ?? 0) > 0) throw new Error(`${label}: ${JSON.stringify(body).slice(0, 500)}`)
  const written = body.data?.written ?? 0
  global.gc?.()
  const heapRetainedMb = mb(process.memoryUsage().heapUsed - base.heapUsed)
  return {
    label,
    status: res.status,
    written,
    seconds,
    rssPeakMb: mb(rss - base.rss),
    heapPeakMb: mb(heap - base.heapUsed),
    heapRetainedMb,
  }
}

const database = await startDatabase()
const dir = mkdtempSync(path.join(tmpdir(), 'crm-bench-import-'))
const config = loadConfig({
  NODE_ENV: 'development',
  MONGO_URL: `${database.uri.replace(/\/$/, '')}/import_bench`,
  DATA_DIR: dir,
  LOG_DIR: path.join(dir, 'logs'),
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-only-jwt-secret-0123456789abcdefghijkl',
  SESSION_SECRET: 'bench-only-session-secret-0123456789abcdefgh',
  BCRYPT_COST: '12',
  JOBS: 'off',
  READ_CACHE_MS: '0',
})
const logger = createLogger(config)
const db = await openConnection(config.mongoUrl ?? '', () => Promise.resolve())
try {
  const context = createAppContext(config, logger, db)
  await syncIndexes(context)
  await seedRoles(context.models.roles, logger)
  const user = await context.models.users.create({
    name: 'Bench Dev',
    email: 'bench@example.com',
    password: await hashPassword('Bench-password-1', 4),
    user_role: 'srdev',
    isActive: true,
  })
  const token = signToken(config, { userId: String(user._id), user_role: 'srdev', tv: 0 })
  const server = buildApp(context).listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/bookings/import`

  const csv = path.join(dir, 'bookings.csv')
  const xlsx = path.join(dir, 'bookings.xlsx')
  await writeCsv(csv)
  await writeXlsx(xlsx)
  const runs: Figures[] = []
  for (const [format, file] of [
    ['CSV', csv],
    ['XLSX', xlsx],
  ] as const) {
    runs.push(await measure(`${format} dry run`, `${url}?dryRun=true`, file, token))
    runs.push(await measure(`${format} import`, url, file, token))
  }
  server.close()

  const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`
  console.log(`${ROWS} booking rows; CSV ${kb(csv)}, XLSX ${kb(xlsx)}; database in its own process`)
  console.log('run              status  written   seconds   rows/s   peak RSS +MB   peak heap +MB   heap after GC +MB')
  for (const r of runs) {
    const line = [
      r.label.padEnd(16),
      String(r.status).padStart(6),
      String(r.written).padStart(8),
      r.seconds.toFixed(1).padStart(9),
      (ROWS / r.seconds).toFixed(0).padStart(8),
      r.rssPeakMb.toFixed(0).padStart(14),
      r.heapPeakMb.toFixed(0).padStart(15),
      r.heapRetainedMb.toFixed(1).padStart(19),
    ]
    console.log(line.join(' '))
  }
  console.log(`bookings stored: ${await context.resources.bookings.model.countDocuments()}`)
} finally {
  await db.close()
  database.stop()
}
