/**
 * Lead dedupe benchmark: 10,000 leads with 1,000 duplicate groups (3 leads each), merged by the `leads.dedupe` job
 * through the real resource services (every merge audited). The database runs in its own process (`src/cli/db.ts`),
 * so the memory printed is the app's and the job's alone. The same job on a 2,000-lead collection runs first: a job
 * that pages through the index shows the same peak on both; one that loaded the collection would grow 5x.
 * Figures only, never assertions. Run: npm run bench:leads
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Types } from 'mongoose'
import { createAppContext, syncIndexes, type AppContext } from '../src/app-context.js'
import { loadConfig } from '../src/config.js'
import { openConnection } from '../src/db/connect.js'
import { leadsDedupeJob } from '../src/jobs/leads.dedupe.js'
import { runJob } from '../src/jobs/run-job.js'
import { createLogger } from '../src/logger.js'

const MB = 1024 * 1024

async function startDb(): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', '--port', '0', '--inMemory'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer]
  return { child, uri: line.toString().trim() }
}

function lead(i: number, group: number | null, now: number): Record<string, unknown> {
  const key = group === null ? `solo${i}` : `group${group}`
  return {
    _id: new Types.ObjectId(),
    name: `Lead ${i}`,
    email: `${key}@example.com`,
    phoneNumber: group === null ? `+9170${String(i).padStart(8, '0')}` : null,
    companyName: i % 3 === 1 ? `Company ${i}` : '',
    city: i % 3 === 2 ? 'Pune' : '',
    source: 'import',
    status: 'new',
    assignedTo: null,
    submissions: [{ at: new Date(now), source: 'import', raw: `{"name":"Lead ${i}"}` }],
    documents: [],
    mergedInto: null,
    mergedFrom: [],
    mergeIds: [],
    provenance: [],
    deletedAt: null,
    _rev: 1,
    createdAt: new Date(now - i * 1000),
    updatedAt: new Date(now),
  }
}

/** Seeds directly (the bench measures the job, not intake): `groups` groups of 3, the rest unique. */
async function seed(context: AppContext, total: number, groups: number): Promise<void> {
  const collection = context.resources.leads.model.collection
  const now = Date.now()
  const batch: Array<Record<string, unknown>> = []
  for (let i = 0; i < total; i += 1) {
    batch.push(lead(i, i < groups * 3 ? i % groups : null, now))
    if (batch.length === 1000) await collection.insertMany(batch.splice(0))
  }
  if (batch.length > 0) await collection.insertMany(batch)
}

async function measure(uri: string, label: string, total: number, groups: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-leads-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGO_URL: uri.replace(/\/?$/, `/bench_${label}`),
    DATA_DIR: dataDir,
    LOG_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BCRYPT_COST: '4',
  })
  const logger = createLogger(config)
  const db = await openConnection(config.mongoUrl ?? uri, () => Promise.resolve())
  const context = createAppContext(config, logger, db)
  await syncIndexes(context)
  await seed(context, total, groups)
  console.log(`${label}: ${total} leads seeded, running leads.dedupe`)
  global.gc?.()
  const base = process.memoryUsage().heapUsed
  let peak = base
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    const usage = process.memoryUsage()
    peak = Math.max(peak, usage.heapUsed)
    peakRss = Math.max(peakRss, usage.rss)
  }, 20)
  const started = performance.now()
  const run = await runJob(context, leadsDedupeJob, {})
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const leads = context.resources.leads.model
  const survivors = await leads.countDocuments({ mergedInto: null })
  const merged = await leads.countDocuments({ mergedInto: { $ne: null } })
  const submissions = await leads.aggregate<{ n: number }>([
    { $project: { n: { $size: '$submissions' } } },
    { $group: { _id: null, n: { $sum: '$n' } } },
  ])
  await db.close()
  return {
    label,
    total,
    groups,
    merged: run.processed,
    survivors,
    mergedAway: merged,
    submissionsOnLeads: submissions[0]?.n ?? 0,
    seconds,
    heapBaseMb: base / MB,
    heapPeakMb: peak / MB,
    heapGrowthMb: (peak - base) / MB,
    rssPeakMb: peakRss / MB,
  }
}

const { child, uri } = await startDb()
try {
  const small = await measure(uri, 'small', 2_000, 200)
  console.log(JSON.stringify(small))
  const large = await measure(uri, 'large', 10_000, 1_000)
  console.log('leads.dedupe: 3 leads per duplicate group, database in its own process')
  console.table(
    [small, large].map((r) => ({
      leads: r.total,
      groups: r.groups,
      'merged away': r.mergedAway,
      survivors: r.survivors,
      'submissions kept on survivors+merged': r.submissionsOnLeads,
      seconds: r.seconds.toFixed(1),
      'heap before MB': r.heapBaseMb.toFixed(1),
      'heap peak MB': r.heapPeakMb.toFixed(1),
      'heap growth MB': r.heapGrowthMb.toFixed(1),
      'rss peak MB': r.rssPeakMb.toFixed(1),
    })),
  )
} finally {
  child.kill('SIGTERM')
}
