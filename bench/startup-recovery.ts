/**
 * Child of bench/startup.ts: recovers one embedded data directory in this process, phase by phase, and prints the
 * figures as one JSON line. Phases: reading + checking + decoding every frame (no apply), then the real recovery
 * (decode + apply to the collections), the end of recovery (unique indexes ready, the others handed to the
 * background), and the background index sorts. Then memory after a full GC, per document.
 * Run: node --expose-gc --import tsx bench/startup-recovery.ts <dataDir/db>
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import v8 from 'node:v8'
import { Engine } from '../src/db/embedded/engine/engine.js'
import { openStore } from '../src/db/embedded/storage/file-store.js'
import { scanFrames } from '../src/db/embedded/storage/frame-reader.js'
import { journalName, readLayout, snapshotName } from '../src/db/embedded/storage/generations.js'

const dir = process.argv[2] ?? ''
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)
/** CPU ms (user + system) since `from`: on a shared machine wall-clock phases mostly measure the other processes. */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from)
  return Math.round((used.user + used.system) / 1000)
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  collect?.()
  collect?.()
}

/** Reads and decodes every frame, keeping the decoded documents alive: their heap cost, apart from any index. */
async function decodeOnly(
  files: readonly string[],
): Promise<{ ms: number; cpuMs: number; records: number; bytes: number; docHeapBytes: number }> {
  gc()
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  const cpu = process.cpuUsage()
  let bytes = 0
  const kept: unknown[] = []
  for (const file of files) {
    const scan = await scanFrames(file, (record) => {
      if (record.t === 'put') kept.push(record.doc)
    })
    bytes += scan.fileBytes
  }
  const ms = performance.now() - started
  const cpuUsed = cpuMs(cpu)
  gc()
  const docHeapBytes = (process.memoryUsage().heapUsed - before) / Math.max(1, kept.length)
  return { ms, cpuMs: cpuUsed, records: kept.length, bytes, docHeapBytes }
}

async function backgroundBuilds(engine: Engine): Promise<void> {
  for (;;) {
    const builds = engine
      .databaseNames()
      .flatMap((db) => engine.collections(db))
      .flatMap((coll) => [...coll.building.values()].map((b) => b.done))
    if (builds.length === 0) return
    await Promise.allSettled(builds)
    await sleep(0)
  }
}

/** Documents still BSON bytes (decoded on first read). */
function rawDocs(engine: Engine): number {
  return engine
    .databaseNames()
    .flatMap((db) => engine.collections(db))
    .reduce((n, coll) => n + coll.docs.rawCount(), 0)
}

async function main(): Promise<void> {
  const layout = await readLayout(dir)
  const files = [
    ...(layout.snapshot === undefined ? [] : [join(dir, snapshotName(layout.snapshot))]),
    ...layout.journals.map((gen) => join(dir, journalName(gen))),
  ]
  const decoded = await decodeOnly(files)
  gc()
  const baseline = process.memoryUsage()

  const engine = new Engine()
  const store = await openStore({ dataDir: dir })
  let started = performance.now()
  const cpu = process.cpuUsage()
  engine.startRecovery()
  // As the server recovers: a snapshot's documents stay BSON until first read (engine/doc-table.ts).
  const report = await store.recover(
    (record, from) => {
      engine.replay(record, from)
    },
    { rawPuts: true },
  )
  const recoverMs = performance.now() - started
  const recoverCpuMs = cpuMs(cpu)
  gc()
  const afterRecovery = process.memoryUsage()
  const recovered = afterRecovery.heapUsed
  const rawAfterRecovery = rawDocs(engine)
  started = performance.now()
  engine.finishRecovery()
  const finishMs = performance.now() - started
  started = performance.now()
  if (!process.argv.includes('--quick')) await backgroundBuilds(engine)
  const backgroundMs = performance.now() - started

  gc()
  const mem = process.memoryUsage()
  const rawAtEnd = rawDocs(engine)
  const docs = engine
    .databaseNames()
    .flatMap((db) => engine.collections(db))
    .reduce((n, coll) => n + coll.docs.size, 0)
  await store.close()
  const out = {
    files: files.map((f) => `${f.split('/').pop() ?? f} ${mb(statSync(f).size)} MB`),
    records: report.records,
    docs,
    fileMb: mb(decoded.bytes),
    readDecodeMs: Math.round(decoded.ms),
    readDecodeCpuMs: decoded.cpuMs,
    recoverMs: Math.round(recoverMs),
    recoverCpuMs,
    recoverCpuUsPerDoc: Number(((recoverCpuMs * 1000) / Math.max(1, docs)).toFixed(1)),
    finishRecoveryMs: Math.round(finishMs),
    backgroundIndexMs: Math.round(backgroundMs),
    rssMb: mb(mem.rss),
    heapUsedMb: mb(mem.heapUsed),
    externalMb: mb(mem.external),
    arrayBuffersMb: mb(mem.arrayBuffers),
    rawDocsAfterRecovery: rawAfterRecovery,
    afterRecoveryHeapMb: mb(afterRecovery.heapUsed),
    afterRecoveryExternalMb: mb(afterRecovery.external),
    afterRecoveryRssMb: mb(afterRecovery.rss),
    rawDocsAtEnd: rawAtEnd,
    heapBytesPerDoc: Math.round((mem.heapUsed - baseline.heapUsed) / Math.max(1, docs)),
    decodedDocBytes: Math.round(decoded.docHeapBytes),
    afterReplayBytesPerDoc: Math.round((recovered - baseline.heapUsed) / Math.max(1, docs)),
    rssBytesPerDoc: Math.round((mem.rss - baseline.rss) / Math.max(1, docs)),
    heapLimitMb: mb(v8.getHeapStatistics().heap_size_limit),
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
  // --quick: the background index sorts are still running (minutes at 1M) and would keep this process alive.
  if (process.argv.includes('--quick')) process.exit(0)
}

await main()
