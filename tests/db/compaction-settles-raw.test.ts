import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { ObjectId } from 'bson'
import type { Document } from 'bson'
import { MongoClient } from 'mongodb'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../src/db/embedded/engine/engine.js'
import { runQuery } from '../../src/db/embedded/engine/query-run.js'
import { startEmbeddedMongo } from '../../src/db/embedded/index.js'
import { openStore } from '../../src/db/embedded/storage/file-store.js'

// A compaction encodes every decoded document; the table then keeps those bytes in place of each document that did
// not change since the dump (storage/written-puts.ts), so a long-running database's heap ends as a restart leaves it.

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'settle-raw-test-'))
  dirs.push(dir)
  return dir
}

function doc(i: number): Document {
  return {
    _id: new ObjectId(i.toString(16).padStart(24, '0')),
    i,
    name: `Company ${i}`,
    at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    tags: ['a', `t${i % 5}`],
    nested: { city: i % 2 ? 'Pune' : 'Delhi' },
    pad: 'x'.repeat(3000), // about 300 frames per 1 MiB slice: the documents span several slices
  }
}

async function recovered(dir: string): Promise<Engine> {
  const store = await openStore({ dataDir: dir })
  const engine = new Engine()
  engine.startRecovery()
  await store.recover((r, from) => { engine.replay(r, from); }, { rawPuts: true })
  engine.finishRecovery()
  await store.close()
  return engine
}

describe('a compaction leaves the documents it wrote as their bytes', () => {
  it('keeps the bytes of each unchanged document; a document replaced meanwhile, or with a numeric id, stays an object', async () => {
    const dir = await tempDir()
    const store = await openStore({ dataDir: dir, compactAfterBytes: 1 })
    const engine = new Engine()
    engine.startRecovery()
    await store.recover((r, from) => { engine.replay(r, from); })
    engine.finishRecovery()
    const coll = engine.ensureCollection('app', 'docs')
    // Right after the dump is taken (synchronously, after a flush), document 5 is replaced: before the settle.
    const replaceFive = (): void => {
      const before = coll.get(doc(5)._id) as Document
      coll.replace(before, { ...before, name: 'Changed 5' })
    }
    store.setDumper(
      () => {
        queueMicrotask(replaceFive)
        return engine.dump()
      },
      (put, raw) => { engine.settleRaw(put, raw); },
    )
    coll.addIndex({ v: 2, key: { name: 1 }, name: 'name_1' })
    for (let i = 0; i < 1200; i++) coll.insert(doc(i))
    coll.insert({ _id: 7, i: -1, name: 'numeric id' })
    expect(coll.docs.rawCount()).toBe(0)
    // The flush compacts (1-byte threshold), right after it acknowledged the append; the replace is journaled next.
    await store.append(engine.takePending())
    await setImmediate()
    await store.append(engine.takePending())
    await store.close() // waits for the compaction, settle included
    expect(coll.get(doc(5)._id)?.name).toBe('Changed 5')
    expect(coll.docs.rawCount()).toBe(1199)
    // Reads give the same documents as before, by id, by index and by scan.
    expect(coll.get(doc(9)._id)).toStrictEqual(doc(9))
    expect(coll.get(doc(5)._id)).toStrictEqual({ ...doc(5), name: 'Changed 5' })
    expect(coll.get(7)).toStrictEqual({ _id: 7, i: -1, name: 'numeric id' })
    const byIndex = runQuery(coll, { filter: { name: 'Company 1000' }, sort: [], skip: 0, limit: 0 })
    expect(byIndex).toStrictEqual([doc(1000)])
    const scanned = runQuery(coll, { filter: { 'nested.city': 'Pune', i: { $lt: 10 } }, sort: [], skip: 0, limit: 0 })
    expect(scanned.map((d) => d.i)).toEqual([1, 3, 5, 7, 9])
    // Writes to settled documents work as to any other, indexes included.
    const nine = coll.get(doc(9)._id) as Document
    coll.replace(nine, { ...nine, name: 'Nine' })
    expect(coll.docs.rawCount()).toBe(1198)
    expect(runQuery(coll, { filter: { name: 'Nine' }, sort: [], skip: 0, limit: 0 })).toHaveLength(1)
    expect(runQuery(coll, { filter: { name: 'Company 9' }, sort: [], skip: 0, limit: 0 })).toHaveLength(0)
    // A restart gives back what the table held before the last write.
    const again = await recovered(dir)
    const restored = again.collection('app', 'docs')
    expect(restored?.get(doc(5)._id)).toStrictEqual({ ...doc(5), name: 'Changed 5' })
    expect(restored?.get(doc(9)._id)).toStrictEqual(doc(9))
    expect(restored?.docs.size).toBe(1201)
  })

  it('through the server: documents inserted over the wire are raw after a compaction and read back the same', async () => {
    const dir = await tempDir()
    const events: { type: string }[] = []
    const server = await startEmbeddedMongo({
      port: 0,
      dataDir: dir,
      compactAfterBytes: 200_000,
      onEvent: (e) => events.push(e),
    })
    const client = await new MongoClient(server.uri).connect()
    try {
      const docs = client.db('app').collection('docs')
      const inserted = Array.from({ length: 300 }, (_, i) => doc(i))
      for (let i = 0; i < 300; i += 50) await docs.insertMany(inserted.slice(i, i + 50).map((d) => ({ ...d })))
      for (let k = 0; k < 200 && !events.some((e) => e.type === 'compacted'); k++) await docs.findOne({ i: 0 })
      expect(events.some((e) => e.type === 'compacted')).toBe(true)
      expect(await docs.find({}).sort({ i: 1 }).toArray()).toEqual(inserted)
      expect(await docs.countDocuments({ tags: 't3' })).toBe(60)
    } finally {
      await client.close()
      await server.stop()
    }
  })
})
