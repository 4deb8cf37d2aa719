/**
 * Import benchmark (issue 15): a 5,000-row bookings sheet as CSV and as XLSX, each sent to
 * `POST /api/v1/bookings/import` twice, first as a dry run, then for real (all-or-nothing), through the real app over
 * HTTP. Then issue 15's acceptance case: a 5,000-row attendance sheet (one employee, one row per day) with exactly 3
 * bad rows, sent to `POST /api/v1/attendance/import` as a dry run (which must name the 3 bad lines) and for real with
 * `mode=valid-only` (the other rows written under one import id). The database runs in its own process (`npm run db`,
 * in memory), so the memory figures are the app's: peak RSS and heap during each import, above what the process held
 * before it. Prints figures; stops only if an import fails or reports other than the expected number of bad rows.
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
import type { ImportReport } from '../src/imports/import-report.js'
import { createLogger } from '../src/logger.js'
import { seedOrganisation } from '../src/models/seed-organisation.js'
import { employeePayload } from '../tests/setup/employee-payload.js'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' } } })
const ROWS = Number(values.rows)

/** A sheet's header row and its data row `i` (0-based; line i + 2 of the file, the header being line 1). */
interface Sheet {
  readonly header: readonly string[]
  readonly row: (i: number) => unknown[]
}

const BOOKINGS_HEADER = [
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

function bookingRow(i: number): unknown[] {
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

const bookings: Sheet = { header: BOOKINGS_HEADER, row: bookingRow }

/** The lines of the attendance sheet that are bad, as in tests/people/after-merge/attendance-import.test.ts. */
const BAD_LINES = [101, Math.floor(ROWS / 2) + 2, ROWS - 1] as const

/** One employee's days from 2010-01-01 on; the bad lines have check-in 25:00, place `beach`, check-out before in. */
function attendance(employee: string): Sheet {
  return {
    header: ['employee', 'date', 'checkIn', 'checkOut', 'workFrom'],
    row: (i) => {
      const bad = BAD_LINES.indexOf(i + 2)
      return [
        employee,
        new Date(Date.UTC(2010, 0, 1 + i)),
        bad === 0 ? '25:00' : '09:30',
        bad === 2 ? '08:00' : '18:00',
        bad === 1 ? 'beach' : 'office',
      ]
    },
  }
}

async function writeCsv(file: string, sheet: Sheet): Promise<void> {
  const out = createWriteStream(file)
  const cell = (value: unknown) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  out.write(`${sheet.header.join(',')}\r\n`)
  for (let i = 0; i < ROWS; i += 1) {
    if (!out.write(`${sheet.row(i).map(cell).join(',')}\r\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function writeXlsx(file: string, sheet: Sheet): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false })
  const worksheet = workbook.addWorksheet('Sheet 1')
  worksheet.addRow([...sheet.header]).commit()
  for (let i = 0; i < ROWS; i += 1) worksheet.addRow(sheet.row(i)).commit()
  worksheet.commit()
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
  report: ImportReport
  seconds: number
  rssPeakMb: number
  heapPeakMb: number
  /** Heap still held after a full collection once the import answered: what the import left behind. */
  heapRetainedMb: number
}

const mb = (bytes: number) => bytes / 1024 / 1024

/** Sends `file` to an import URL, sampling this process's memory until it answers; it must report `badRows` bad rows. */
async function measure(label: string, url: string, file: string, token: string, badRows = 0): Promise<Figures> {
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
  const body = (await res.json()) as { data?: ImportReport }
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const report = body.data
  if (!res.ok || report?.badRows !== badRows) throw new Error(`${label}: ${JSON.stringify(body).slice(0, 500)}`)
  global.gc?.()
  const heapRetainedMb = mb(process.memoryUsage().heapUsed - base.heapUsed)
  return {
    label,
    status: res.status,
    report,
    seconds,
    rssPeakMb: mb(rss - base.rss),
    heapPeakMb: mb(heap - base.heapUsed),
    heapRetainedMb,
  }
}

/** What a run's report says beyond the counts: the bad lines of a dry run, the import id of a valid-only import. */
function detailOf({ report }: Figures): string {
  if (report.dryRun) {
    return report.bad.length > 0 ? `bad lines ${report.bad.map((b) => `${b.line} (${b.field})`).join(', ')}` : ''
  }
  return report.mode === 'valid-only' ? `import id ${report.importId}` : ''
}

function printTable(runs: readonly Figures[]): void {
  const width = Math.max(...runs.map((r) => r.label.length))
  console.log(
    `${'run'.padEnd(width)} status  written  bad   seconds   rows/s   peak RSS +MB   peak heap +MB   heap after GC +MB   detail`,
  )
  for (const r of runs) {
    const line = [
      r.label.padEnd(width),
      String(r.status).padStart(6),
      String(r.report.written).padStart(8),
      String(r.report.badRows).padStart(4),
      r.seconds.toFixed(1).padStart(9),
      (r.report.total / r.seconds).toFixed(0).padStart(8),
      r.rssPeakMb.toFixed(0).padStart(14),
      r.heapPeakMb.toFixed(0).padStart(15),
      r.heapRetainedMb.toFixed(1).padStart(19),
      `  ${detailOf(r)}`,
    ]
    console.log(line.join(' ').trimEnd())
  }
}

/** `POST /api/v1/employees` as the bench's srdev; the new profile's id. */
async function createEmployee(origin: string, token: string, userId: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/employees`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify(employeePayload({ userId, employeeFullName: 'Bench Staff' })),
  })
  const body = (await res.json()) as { data?: { _id?: string } }
  const id = body.data?._id
  if (res.status !== 201 || id === undefined) throw new Error(`creating the employee: ${JSON.stringify(body)}`)
  return id
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
  await seedOrganisation(context.resources, logger)
  const createUser = async (name: string, email: string, role: string) => {
    const password = await hashPassword('Bench-password-1', 4)
    const user = await context.models.users.create({ name, email, password, user_role: role, isActive: true })
    return String(user._id)
  }
  const userId = await createUser('Bench Dev', 'bench@example.com', 'srdev')
  const token = signToken(config, { userId, user_role: 'srdev', tv: 0 })
  const server = buildApp(context).listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const employee = await createEmployee(origin, token, await createUser('Bench Staff', 'staff@example.com', 'user'))

  const csv = path.join(dir, 'bookings.csv')
  const xlsx = path.join(dir, 'bookings.xlsx')
  const attendanceCsv = path.join(dir, 'attendance.csv')
  await writeCsv(csv, bookings)
  await writeXlsx(xlsx, bookings)
  await writeCsv(attendanceCsv, attendance(employee))
  const runs: Figures[] = []
  const bookingsUrl = `${origin}/api/v1/bookings/import`
  for (const [format, file] of [
    ['CSV', csv],
    ['XLSX', xlsx],
  ] as const) {
    runs.push(await measure(`bookings ${format} dry run`, `${bookingsUrl}?dryRun=true`, file, token))
    runs.push(await measure(`bookings ${format} import`, bookingsUrl, file, token))
  }
  const attendanceUrl = `${origin}/api/v1/attendance/import`
  const bad = BAD_LINES.length
  runs.push(await measure('attendance CSV dry run', `${attendanceUrl}?dryRun=true`, attendanceCsv, token, bad))
  const validOnly = await measure(
    'attendance CSV valid-only',
    `${attendanceUrl}?mode=valid-only`,
    attendanceCsv,
    token,
    bad,
  )
  runs.push(validOnly)
  server.close()

  const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`
  console.log(`${ROWS} booking rows: CSV ${kb(csv)}, XLSX ${kb(xlsx)}; database in its own process`)
  console.log(
    `${ROWS} attendance rows (one employee, one day each, lines ${BAD_LINES.join(', ')} bad): CSV ${kb(attendanceCsv)}`,
  )
  printTable(runs)
  const { importId } = validOnly.report
  const audited = await context.resources.audit.countDocuments({ importId, resource: 'attendance' })
  console.log(`bookings stored: ${await context.resources.bookings.model.countDocuments()}`)
  console.log(`attendance stored: ${await context.resources.attendance.model.countDocuments({ employee })}`)
  console.log(`audit entries under import ${importId}: ${audited}`)
} finally {
  await db.close()
  database.stop()
}
