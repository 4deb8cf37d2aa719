import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { Binary, Decimal128, Long, ObjectId } from 'bson'
import type { Document } from 'bson'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Collection } from '../../src/db/embedded/engine/collection.js'
import { Engine } from '../../src/db/embedded/engine/engine.js'
import { Operation } from '../../src/db/embedded/engine/operation.js'
import { plan } from '../../src/db/embedded/engine/planner.js'
import { countMatches, queryAll, runQuery } from '../../src/db/embedded/engine/query-run.js'
import { writeSnapshot } from '../../src/db/embedded/storage/generations.js'
import { openStore } from '../../src/db/embedded/storage/file-store.js'
import { encodeRecord } from '../../src/db/embedded/storage/record-codec.js'
import type { JournalRecord, RecordSource, Store, StoredRecord } from '../../src/db/embedded/storage/store-types.js'

const dirs: string[] = []
const stores: Store[] = []

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lazy-recovery-test-'))
  dirs.push(dir)
  return dir
}

/** Recovers `dir` into a fresh engine as the server does (`raw`: snapshot documents left as bytes). */
async function recover(
  dir: string,
  raw: boolean,
  compactAfterBytes = 1 << 30,
): Promise<{ engine: Engine; store: Store }> {
  const store = await openStore({ dataDir: dir, compactAfterBytes })
  stores.push(store)
  const engine = new Engine()
  engine.startRecovery()
  const apply = (r: StoredRecord, from: RecordSource): void => {
    engine.replay(r, from)
  }
  if (raw) await store.recover(apply, { rawPuts: true })
  else await store.recover(apply)
  return { engine, store }
}

/** Every collection's documents, in stored order: what a full scan returns. */
function contents(engine: Engine): Record<string, Document[]> {
  const out: Record<string, Document[]> = {}
  for (const coll of engine.collections('app')) out[coll.name] = [...coll.docs.values()]
  return out
}

const rawCount = (engine: Engine, name: string): number => engine.collection('app', name)?.docs.rawCount() ?? -1

/** A document with every kind of value the app or a driver may store. */
function rich(i: number): Document {
  return {
    _id: new ObjectId(i.toString(16).padStart(24, '0')),
    n: i,
    half: i / 2,
    big: 2 ** 40 + i,
    huge: Long.fromString('9007199254740993'),
    price: Decimal128.fromString(`${i}.25`),
    blob: new Binary(Buffer.from([i % 256, 1, 2])),
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    flag: i % 2 === 0,
    none: null,
    name: `Name ${i} é`,
    grams: ['abc', 'bcd', `x${i % 7}`],
    nested: { city: i % 3 === 0 ? 'Pune' : 'Delhi', tags: [{ k: i }, { k: i + 1 }], owner: new ObjectId() },
  }
}

const put = (coll: string, doc: Document): JournalRecord => ({ t: 'put', db: 'app', coll, doc })

/** Snapshot 1: `docs` (rich documents), `plain` (string and number ids), `users` with a unique index on email. */
async function writeFixture(dir: string, extra: JournalRecord[] = []): Promise<void> {
  const records: JournalRecord[] = [
    { t: 'createCollection', db: 'app', coll: 'docs', options: {} },
    { t: 'createIndex', db: 'app', coll: 'docs', spec: { v: 2, key: { n: 1 }, name: 'n_1' } },
    ...Array.from({ length: 40 }, (_, i) => put('docs', rich(i))),
    { t: 'createCollection', db: 'app', coll: 'plain', options: {} },
    ...Array.from({ length: 10 }, (_, i) => put('plain', { _id: i % 2 ? `s${i}` : i, v: i })),
    { t: 'createCollection', db: 'app', coll: 'users', options: {} },
    { t: 'createIndex', db: 'app', coll: 'users', spec: { v: 2, key: { email: 1 }, name: 'email_1', unique: true } },
    ...Array.from({ length: 5 }, (_, i) => put('users', { _id: new ObjectId(), email: `u${i}@x.in` })),
    ...extra,
  ]
  await writeSnapshot(dir, 1, records.map(encodeRecord))
}

describe('snapshot documents stay BSON until they are replaced or removed', () => {
  it('recovers the same documents as a full decode, decoding a copy for each read and keeping the bytes', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const eager = contents((await recover(dir, false)).engine)
    for (const store of stores.splice(0)) await store.close()
    const { engine } = await recover(dir, true)
    // ObjectId and string ids stay raw; a number id is decoded at once; a unique index needs its documents.
    expect(rawCount(engine, 'docs')).toBe(40)
    expect(rawCount(engine, 'plain')).toBe(5)
    expect(rawCount(engine, 'users')).toBe(0)
    const coll = engine.collection('app', 'docs')
    const id = rich(0)._id
    const first = coll?.get(id)
    const second = coll?.get(id)
    // Each read is its own decoded copy: a full scan must not leave the whole collection on the heap.
    expect(second).toStrictEqual(first)
    expect(second).not.toBe(first)
    expect(contents(engine)).toStrictEqual(eager)
    expect(rawCount(engine, 'docs')).toBe(40)
    // A write is what ends a document's raw life: the new version is stored decoded, the others stay bytes.
    const other = coll?.get(rich(1)._id)
    if (!coll || !first || !other) throw new Error('the recovered collection and its first two documents')
    coll.replace(first, { ...first, name: 'changed' })
    expect(rawCount(engine, 'docs')).toBe(39)
    expect(coll.get(id)).toMatchObject({ name: 'changed' })
    coll.remove(other)
    expect(rawCount(engine, 'docs')).toBe(38)
    expect(coll.docs.size).toBe(39)
  })

  it('answers full scans over raw documents as over decoded ones, testing the filter fields before decoding', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const eager = (await recover(dir, false)).engine
    for (const store of stores.splice(0)) await store.close()
    const lazy = (await recover(dir, true)).engine
    eager.finishRecovery()
    lazy.finishRecovery()
    const docsOf = (engine: Engine): Collection => {
      const coll = engine.collection('app', 'docs')
      if (!coll) throw new Error('docs not recovered')
      return coll
    }
    const scans = vi.spyOn(docsOf(lazy).docs, 'scan')
    const filters: Document[] = [
      { name: { $regex: 'name 1', $options: 'i' } },
      { 'nested.city': 'Pune', flag: true },
      { $or: [{ half: { $lt: 1.5 } }, { grams: 'x3' }] },
      { $nor: [{ 'nested.tags.k': { $gte: 5 } }] },
      { half: { $not: { $gt: 4 } } },
      { grams: { $size: 3 }, missing: { $exists: false }, flag: false },
      // A Decimal128 is left to js-bson: those documents are decoded whole and tested as before.
      { price: { $type: 'decimal' }, big: { $gt: 2 ** 40 + 30 } },
      { 'nested.tags': { $elemMatch: { k: 7 } } },
      { $expr: { $gt: ['$half', 18] } },
    ]
    for (const filter of filters) {
      const spec = { filter, sort: [], skip: 0, limit: 0 }
      expect(plan(docsOf(lazy), filter, []).fullScan, JSON.stringify(filter)).toBe(true)
      const expected = runQuery(docsOf(eager), spec)
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(expected.length, JSON.stringify(filter)).toBeLessThan(40)
      expect(runQuery(docsOf(lazy), spec), JSON.stringify(filter)).toStrictEqual(expected)
      expect(countMatches(docsOf(lazy), filter)).toBe(expected.length)
      expect(await queryAll(docsOf(lazy), spec, new Operation(Number.POSITIVE_INFINITY, 0))).toStrictEqual(expected)
    }
    // Every filter but `$expr` (which may read any field) went through the field test: three calls each.
    expect(scans).toHaveBeenCalledTimes((filters.length - 1) * 3)
    expect(rawCount(lazy, 'docs')).toBe(40)
  })

  it('applies journal replacements, removals and new documents without decoding any of them', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const journal = [
      put('docs', { ...rich(3), n: 1003, name: 'replaced' }),
      { t: 'remove', db: 'app', coll: 'docs', id: rich(4)._id },
      put('docs', rich(99)),
      { t: 'remove', db: 'app', coll: 'plain', id: 's1' },
      put('plain', { _id: 's3', v: 'replaced' }),
      put('users', { _id: new ObjectId(), email: 'u9@x.in' }),
    ] satisfies JournalRecord[]
    await writeFile(join(dir, 'journal-00000001.log'), Buffer.concat(journal.map(encodeRecord)))
    const eager = contents((await recover(dir, false)).engine)
    for (const store of stores.splice(0)) await store.close()
    const { engine } = await recover(dir, true)
    // docs: 40 raw in the snapshot, one removed, one added; the replaced one stays raw in its journal version.
    // plain: its 5 string ids were raw (numeric ids are decoded), s1 removed, s3 replaced and still raw.
    expect(rawCount(engine, 'docs')).toBe(40)
    expect(rawCount(engine, 'plain')).toBe(4)
    // users has a unique index: its journal document is decoded at once, so the index sees it.
    expect(rawCount(engine, 'users')).toBe(0)
    engine.finishRecovery()
    expect(contents(engine)).toStrictEqual(eager)
    expect(engine.collection('app', 'docs')?.get(rich(3)._id)).toMatchObject({ n: 1003, name: 'replaced' })
    expect(engine.collection('app', 'docs')?.get(rich(4)._id)).toBeUndefined()
    expect(engine.collection('app', 'docs')?.docs.size).toBe(40)
    expect(engine.collection('app', 'users')?.indexes.get('email_1')?.postingOf(['u9@x.in'])).toBeDefined()
  })

  it('builds the same index entries over raw documents as over decoded ones', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const { engine } = await recover(dir, true)
    engine.finishRecovery()
    const index = engine.collection('app', 'docs')?.indexes.get('n_1')
    expect(index?.deferred).toBe(false)
    expect(index?.postings.size).toBe(40)
    for (let i = 0; i < 40; i += 1) expect(index?.postingOf([i])).toBeDefined()
  })

  it('refuses a snapshot with a duplicate _id or a duplicate unique key, raw or not', async () => {
    for (const extra of [put('docs', rich(7)), put('users', { _id: new ObjectId(), email: 'u1@x.in' })]) {
      const dir = await tempDir()
      await writeFixture(dir, [extra])
      await expect(recover(dir, true)).rejects.toThrow(/E11000 duplicate key/)
      for (const store of stores.splice(0)) await store.close()
    }
  })

  it('refuses a snapshot whose document bytes fail the checksum', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const path = join(dir, 'snapshot-00000001.bson')
    const bytes = await readFile(path)
    const at = bytes.indexOf(Buffer.from('Name 5 '))
    bytes[at] = 0x4d // 'M': the document still parses, only its frame's checksum tells
    await writeFile(path, bytes)
    await expect(recover(dir, true)).rejects.toThrow(/snapshot-00000001\.bson is damaged \(checksum mismatch/)
  })

  it('compacts still-raw documents as their bytes, and the next recovery gives the same state', async () => {
    const dir = await tempDir()
    await writeFixture(dir)
    const eager = contents((await recover(dir, false)).engine)
    for (const store of stores.splice(0)) await store.close()
    const { engine, store } = await recover(dir, true, 1)
    engine.collection('app', 'docs')?.get(rich(2)._id) // a read leaves the document raw: still copied as bytes
    const dump = [...engine.dump()]
    expect(dump.filter((r) => r.t === 'rawPut')).toHaveLength(45)
    store.setDumper(() => engine.dump())
    // The flush after it compacts: a journal past half the snapshot's size (and the 1-byte threshold).
    engine.ensureCollection('app', 'other').insert({ _id: 'x', pad: 'z'.repeat(100_000) })
    await store.append(engine.takePending())
    await setImmediate() // the compaction starts right after the flush that acknowledged the append
    await store.close()
    expect(await readdir(dir)).toContain('snapshot-00000002.bson')
    const again = await recover(dir, true)
    expect(rawCount(again.engine, 'docs')).toBe(40)
    const { other, ...restored } = contents(again.engine)
    expect(restored).toStrictEqual(eager)
    expect(other).toEqual([{ _id: 'x', pad: 'z'.repeat(100_000) }])
  })

  it('reads documents cut by the 1 MiB read chunks, small and large, the same raw or decoded', async () => {
    const dir = await tempDir()
    // Sizes from a few bytes to 60 KB: chunk boundaries cut frames both shorter and longer than the room kept in
    // front of each chunk for them (frame-reader.ts).
    const docs = Array.from({ length: 400 }, (_, i) => ({
      _id: new ObjectId(),
      i,
      pad: 'p'.repeat((i * 7919) % 60_000),
    }))
    const records: JournalRecord[] = [
      { t: 'createCollection', db: 'app', coll: 'big', options: {} },
      ...docs.map((doc) => put('big', doc)),
    ]
    await writeSnapshot(dir, 1, records.map(encodeRecord))
    const { engine } = await recover(dir, true)
    expect(rawCount(engine, 'big')).toBe(400)
    expect(contents(engine)).toStrictEqual({ big: docs })
  })
})
