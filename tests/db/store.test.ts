import { spawn } from 'node:child_process'
import { appendFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Binary, Decimal128, Long, ObjectId } from 'bson'
import type { Document } from 'bson'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../../src/db/embedded/storage/file-store.js'
import type { FileStoreOptions, StoreEvent } from '../../src/db/embedded/storage/file-store.js'
import { encodeRecord } from '../../src/db/embedded/storage/record-codec.js'
import type { JournalRecord, RecordSource, RecoveryReport, Store } from '../../src/db/embedded/storage/store-types.js'

const dirs: string[] = []
const open_: Store[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'store-test-'))
  dirs.push(dir)
  return dir
}

afterEach(async () => {
  vi.restoreAllMocks()
  for (const store of open_.splice(0)) await store.close()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const put = (id: number, extra: Document = {}): JournalRecord => ({
  t: 'put',
  db: 'app',
  coll: 'c',
  doc: { _id: id, ...extra },
})

/** Opens a store on `dir` and replays it: what a restarting server sees. */
async function reopen(dir: string, options: Partial<FileStoreOptions> = {}) {
  const store = await openStore({ dataDir: dir, ...options })
  open_.push(store)
  const records: JournalRecord[] = []
  const sources: RecordSource[] = []
  const report: RecoveryReport = await store.recover((r, from) => {
    records.push(r)
    sources.push(from)
  })
  return { store, records, sources, report }
}

/** A tiny model of the server's state (puts and removes by _id), so compaction has something real to dump. */
function stateModel() {
  const docs = new Map<string, JournalRecord>()
  const apply = (r: JournalRecord): void => {
    if (r.t === 'put') docs.set(String(r.doc._id), r)
    if (r.t === 'remove') docs.delete(String(r.id))
  }
  return { docs, apply, dump: () => docs.values() }
}

const ids = (records: readonly JournalRecord[]): unknown[] =>
  records.map((r): unknown => (r.t === 'put' ? r.doc._id : r.t))

async function fileHandleProto(dir: string): Promise<{ datasync: () => Promise<void> }> {
  const handle = await open(join(dir, 'probe'), 'w')
  await handle.close()
  return Object.getPrototypeOf(handle) as { datasync: () => Promise<void> }
}

describe('store: in memory', () => {
  it('when no data directory is given, appends resolve at once and nothing is recovered', async () => {
    const store = await openStore({})
    const seen: JournalRecord[] = []
    expect(await store.recover((r) => seen.push(r))).toEqual({ records: 0, truncatedBytes: 0 })
    await store.append([put(1)])
    await store.close()
    expect(seen).toEqual([])
  })
})

describe('store: journal', () => {
  it('when records are appended and the store is reopened, they come back in order with their BSON types', async () => {
    const dir = await tempDir()
    const oid = new ObjectId()
    const doc = {
      oid,
      at: new Date('2024-02-29T12:00:00Z'),
      big: Long.fromString('9007199254740993'),
      small: 42,
      price: Decimal128.fromString('9.99'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      nested: { list: [1, 'two', { three: 3 }] },
    }
    const first = await reopen(dir)
    await first.store.append([{ t: 'createCollection', db: 'app', coll: 'c', options: {} }])
    await first.store.append([
      put(1, doc),
      { t: 'createIndex', db: 'app', coll: 'c', spec: { key: { email: 1 }, name: 'email_1', unique: true } },
    ])
    await first.store.append([{ t: 'remove', db: 'app', coll: 'c', id: oid }])
    await first.store.close()

    const { records, report } = await reopen(dir)
    expect(report).toEqual({ records: 4, truncatedBytes: 0 })
    expect(records.map((r) => r.t)).toEqual(['createCollection', 'put', 'createIndex', 'remove'])
    const back = records[1]?.t === 'put' ? records[1].doc : {}
    expect(back.oid).toBeInstanceOf(ObjectId)
    expect(String(back.oid)).toBe(String(oid))
    expect(back.at).toEqual(doc.at)
    expect(back.big).toBeInstanceOf(Long)
    expect(String(back.big)).toBe('9007199254740993')
    expect(back.small).toBe(42)
    expect(back.price).toBeInstanceOf(Decimal128)
    expect(String(back.price)).toBe('9.99')
    expect(back.bin).toBeInstanceOf(Binary)
    expect(back.nested).toEqual({ list: [1, 'two', { three: 3 }] })
    expect(records[3]).toMatchObject({ t: 'remove', id: oid })
  })

  it('when append resolves, its records are already fsynced: the promise waits for the disk', async () => {
    const dir = await tempDir()
    const { store } = await reopen(dir)
    const proto = await fileHandleProto(dir)
    const real = proto.datasync
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      await gate
      return real.call(this)
    })
    let acked = false
    const appended = store.append([put(1)]).then(() => (acked = true))
    try {
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(acked).toBe(false)
    } finally {
      release()
    }
    await appended
    expect(acked).toBe(true)
  })

  it('when records arrive while a flush is in flight, they all share the next single write and fsync', async () => {
    const dir = await tempDir()
    const { store } = await reopen(dir)
    const proto = await fileHandleProto(dir)
    const real = proto.datasync
    const late: Promise<void>[] = []
    const sync = vi.spyOn(proto, 'datasync').mockImplementation(function (this: unknown) {
      // The first fsync is in flight: 50 more appends arrive, each on its own.
      if (late.length === 0) for (let i = 0; i < 50; i += 1) late.push(store.append([put(100 + i)]))
      return real.call(this)
    })
    const together = Array.from({ length: 20 }, (_, i) => store.append([put(i)]))
    await Promise.all([...together, ...late])
    await Promise.all(late)
    expect(sync).toHaveBeenCalledTimes(2)
    await store.close()
    expect((await reopen(dir)).records).toHaveLength(70)
  })

  it('when the store is closed with appends still queued, they are flushed before it lets go', async () => {
    const dir = await tempDir()
    const { store } = await reopen(dir)
    const pending = Array.from({ length: 10 }, (_, i) => store.append([put(i)]))
    await store.close()
    await Promise.all(pending)
    expect(ids((await reopen(dir)).records)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('when append is called before recover or after close, it rejects instead of writing', async () => {
    const dir = await tempDir()
    const store = await openStore({ dataDir: dir })
    open_.push(store)
    await expect(store.append([put(1)])).rejects.toThrow(/recovered/)
    await store.recover(() => undefined)
    await store.close()
    await expect(store.append([put(1)])).rejects.toThrow(/closed/)
  })
})

describe('store: torn and corrupt tails', () => {
  async function journalWith(records: number): Promise<{ dir: string; journal: string }> {
    const dir = await tempDir()
    const { store } = await reopen(dir)
    for (let i = 0; i < records; i += 1) await store.append([put(i, { name: `n${i}` })])
    await store.close()
    const [journal] = (await readdir(dir)).filter((n) => n.startsWith('journal-'))
    return { dir, journal: join(dir, journal ?? 'missing') }
  }

  it('when the last record is cut short, recovery ignores it, truncates it and later appends read back cleanly', async () => {
    const { dir, journal } = await journalWith(5)
    const goodSize = (await stat(journal)).size
    await appendFile(journal, encodeRecord(put(99)).subarray(0, 20))
    const first = await reopen(dir)
    expect(first.report).toEqual({ records: 5, truncatedBytes: 20 })
    expect((await stat(journal)).size).toBe(goodSize)
    await first.store.append([put(5)])
    await first.store.close()
    expect(ids((await reopen(dir)).records)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('when the last record fails its checksum, it is dropped and reported; a zero-filled tail likewise', async () => {
    const { dir, journal } = await journalWith(3)
    const bytes = await readFile(journal)
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff
    await writeFile(journal, Buffer.concat([bytes, Buffer.alloc(64)]))
    const lastFrame = encodeRecord(put(2, { name: 'n2' })).length
    const events: StoreEvent[] = []
    const { records, report } = await reopen(dir, { onEvent: (e) => events.push(e) })
    expect(ids(records)).toEqual([0, 1])
    expect(report.truncatedBytes).toBe(lastFrame + 64)
    expect(events).toMatchObject([{ type: 'truncated', reason: expect.stringMatching(/checksum/) as unknown }])
  })
})

describe('store: compaction', () => {
  it('when the journal passes its threshold, a snapshot replaces older generations and a reopen sees the same state', async () => {
    const dir = await tempDir()
    const model = stateModel()
    const events: StoreEvent[] = []
    const { store } = await reopen(dir, { compactAfterBytes: 4096, onEvent: (e) => events.push(e) })
    store.setDumper(model.dump)
    for (let i = 0; i < 300; i += 1) {
      const batch = [put(i % 120, { v: i, pad: 'x'.repeat(40) })]
      batch.forEach(model.apply)
      await store.append(batch)
    }
    await store.close()
    expect(events.filter((e) => e.type === 'compacted').length).toBeGreaterThan(2)
    expect(events.filter((e) => e.type === 'compactionFailed')).toEqual([])
    const files = await readdir(dir)
    expect(files.filter((n) => n.startsWith('snapshot-'))).toHaveLength(1)
    expect(files.filter((n) => n.endsWith('.tmp'))).toEqual([])

    const replayed = stateModel()
    const { records, sources } = await reopen(dir)
    records.forEach(replayed.apply)
    expect([...replayed.docs.values()]).toEqual([...model.docs.values()])
    // Recovery inserts a snapshot's documents without looking for an earlier one: each _id is there once, and
    // every record of the snapshot comes before the journal's.
    const fromSnapshot = records.filter((_, k) => sources[k] === 'snapshot')
    expect(fromSnapshot.length).toBeGreaterThan(0)
    expect(new Set(ids(fromSnapshot)).size).toBe(fromSnapshot.length)
    expect(sources.slice(0, sources.lastIndexOf('snapshot'))).not.toContain('journal')
  })

  it('when the snapshot is large, the next compaction waits for a journal of half its size, not the fixed threshold', async () => {
    const dir = await tempDir()
    const model = stateModel()
    const options = { compactAfterBytes: 4096 }
    let events: StoreEvent[] = []
    const compactions = (): number => events.filter((e) => e.type === 'compacted').length
    let { store } = await reopen(dir, { ...options, onEvent: (e) => events.push(e) })
    store.setDumper(model.dump)
    // 200 documents of ~1 KB: the first compaction writes a snapshot of about 200 KB.
    const big = Array.from({ length: 200 }, (_, i) => put(i, { pad: 'z'.repeat(1_000) }))
    big.forEach(model.apply)
    await store.append(big)
    await vi.waitFor(
      () => {
        expect(compactions()).toBe(1)
      },
      { timeout: 30_000 },
    )
    const first = events.find((e) => e.type === 'compacted')
    const snapshotBytes = first?.type === 'compacted' ? first.bytes : 0
    expect(snapshotBytes).toBeGreaterThan(200_000)
    let journaled = 0
    const appendUntil = async (share: number): Promise<void> => {
      for (let i = 0; journaled < snapshotBytes * share; i += 1) {
        const record = put(i % 200, { v: journaled, pad: 'w'.repeat(200) })
        model.apply(record)
        journaled += encodeRecord(record).length
        await store.append([record])
      }
    }
    // Small updates worth 45% of the snapshot: at the fixed 4 KB threshold that was two dozen compactions.
    await appendUntil(0.45)
    await store.close()
    expect(compactions()).toBe(1)
    // A reopened store knows its snapshot's size too: past half of it, the journal is compacted.
    events = []
    ;({ store } = await reopen(dir, { ...options, onEvent: (e) => events.push(e) }))
    store.setDumper(model.dump)
    await appendUntil(0.6)
    await store.close()
    expect(compactions()).toBe(1)
    const replayed = stateModel()
    ;(await reopen(dir)).records.forEach(replayed.apply)
    expect([...replayed.docs.values()]).toEqual([...model.docs.values()])
  })

  it('when appends keep coming during a compaction, none acknowledged is lost', async () => {
    const dir = await tempDir()
    const model = stateModel()
    const { store } = await reopen(dir, { compactAfterBytes: 2048 })
    store.setDumper(model.dump)
    const acks = Array.from({ length: 400 }, (_, i) => {
      const batch = [put(i, { pad: 'y'.repeat(30) })]
      batch.forEach(model.apply)
      return store.append(batch)
    })
    await Promise.all(acks)
    await store.close()
    const replayed = stateModel()
    ;(await reopen(dir)).records.forEach(replayed.apply)
    expect(replayed.docs.size).toBe(400)
  })

  it('when a crash left a half-written snapshot, it is ignored and deleted and the journals are replayed', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'journal-00000000.log'), Buffer.concat([put(1), put(2)].map(encodeRecord)))
    await writeFile(join(dir, 'journal-00000001.log'), encodeRecord(put(3)))
    await writeFile(join(dir, 'snapshot-00000001.tmp'), encodeRecord(put(1)).subarray(0, 10))
    const { records } = await reopen(dir)
    expect(ids(records)).toEqual([1, 2, 3])
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('when a crash came after the snapshot rename but before cleanup, the snapshot wins and old files go', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'journal-00000000.log'), Buffer.concat([put(1), put(2)].map(encodeRecord)))
    await writeFile(join(dir, 'snapshot-00000001.bson'), Buffer.concat([put(1), put(2)].map(encodeRecord)))
    await writeFile(join(dir, 'journal-00000001.log'), encodeRecord(put(3)))
    const { records, report } = await reopen(dir)
    expect(ids(records)).toEqual([1, 2, 3])
    expect(report.records).toBe(3)
    expect((await readdir(dir)).sort()).toEqual(['journal-00000001.log', 'mongod.lock', 'snapshot-00000001.bson'])
  })

  it('when the snapshot itself is damaged, recovery refuses to start rather than lose data', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'snapshot-00000001.bson'), encodeRecord(put(1)).subarray(0, 12))
    const store = await openStore({ dataDir: dir })
    open_.push(store)
    await expect(store.recover(() => undefined)).rejects.toThrow(/snapshot-00000001\.bson is damaged/)
  })

  it('when the process is SIGKILLed while appending and compacting, every acknowledged record survives', async () => {
    const dir = await tempDir()
    const acked: number[] = []
    // Three lives, killed at different points, each resuming where the last one's state ends.
    for (const after of [150, 400, 250]) {
      const acks = await runAndKill(dir, after)
      expect(acks.length).toBeGreaterThanOrEqual(after)
      acked.push(...acks)
    }
    expect((await readdir(dir)).some((n) => n.startsWith('snapshot-'))).toBe(true)
    const replayed = stateModel()
    ;(await reopen(dir)).records.forEach(replayed.apply)
    const missing = acked.filter((id) => !replayed.docs.has(String(id)))
    expect(missing).toEqual([])
  })
})

/** Runs a child that appends with constant compaction and prints each ack; kills it once `after` acks are in. */
async function runAndKill(dir: string, after: number): Promise<number[]> {
  const storeUrl = new URL('../../src/db/embedded/storage/file-store.ts', import.meta.url).href
  const script = `
    import { openStore } from ${JSON.stringify(storeUrl)}
    const docs = new Map()
    const store = await openStore({ dataDir: ${JSON.stringify(dir)}, compactAfterBytes: 8192 })
    await store.recover((r) => docs.set(r.doc._id, r))
    store.setDumper(() => docs.values())
    let i = docs.size
    const next = () => { const id = i++; const r = { t: 'put', db: 'a', coll: 'c', doc: { _id: id, pad: 'z'.repeat(64) } }
      docs.set(id, r); store.append([r]).then(() => process.stdout.write(id + '\\n')) }
    setInterval(() => { for (let k = 0; k < 8; k++) next() }, 1)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const acked: number[] = []
  let buffered = ''
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', () => {
      resolve()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) acked.push(Number(line))
      if (acked.length >= after && child.exitCode === null) child.kill('SIGKILL')
    })
  })
  return acked
}

describe('store: lock file', () => {
  it('when a second store opens a directory in use, it fails naming the directory and the owner pid', async () => {
    const dir = await tempDir()
    await reopen(dir)
    await expect(openStore({ dataDir: dir })).rejects.toThrow(new RegExp(`${dir}.*pid ${process.pid}`))
  })

  it('when the lock was left by a live other process, opening fails; when left by a dead one, it is taken over', async () => {
    const dir = await tempDir()
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    const pid = child.pid ?? 0
    await writeFile(join(dir, 'mongod.lock'), `${pid}\n`)
    await expect(openStore({ dataDir: dir })).rejects.toThrow(`pid ${pid}`)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const { store } = await reopen(dir)
    // `pid startTime bootId`: the pid first.
    expect((await readFile(join(dir, 'mongod.lock'), 'utf8')).trim().split(' ')[0]).toBe(String(process.pid))
    await store.close()
    expect(await readdir(dir)).not.toContain('mongod.lock')
  })

  it('when the lock holds our own pid from an earlier life (a container restart), it does not block', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'mongod.lock'), `${process.pid}\n`)
    const { report } = await reopen(dir)
    expect(report.records).toBe(0)
  })
})
