import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, MongoServerError } from 'mongodb'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_SKIP_REASON, startCliServer, startCliServerExpectingFailure } from './helpers/cli-server.js'
import type { CliServer, ServerProcessOptions } from './helpers/cli-server.js'

const external = Boolean(process.env.MONGO_URL)

interface Contact {
  _id: number
  email: string
  name: string
}

const TOTAL = 1_000
const KILL_AFTER = 500
/** Several inserts in flight at once, so the kill lands while some are unacknowledged. */
const WORKERS = 4

const servers: CliServer[] = []
const clients: MongoClient[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close(true)
  for (const server of servers.splice(0)) await server.stop('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crash-test-'))
  dirs.push(dir)
  return dir
}

async function start(dir: string, options: ServerProcessOptions = {}): Promise<CliServer> {
  const server = await startCliServer(dir, options)
  servers.push(server)
  return server
}

async function connect(uri: string): Promise<MongoClient> {
  // No retries: a write the driver retried against the restarted server would blur what was acknowledged when.
  const client = new MongoClient(uri, { retryWrites: false, serverSelectionTimeoutMS: 5_000 })
  clients.push(client)
  return client.connect()
}

const contact = (i: number): Contact => ({ _id: i, email: `c${i}@example.com`, name: `Contact ${i}` })

/** Inserts documents one by one from several workers; SIGKILLs the server after `KILL_AFTER` acks. */
async function insertUntilKilled(server: CliServer, client: MongoClient): Promise<Set<number>> {
  const contacts = client.db('crm').collection<Contact>('contacts')
  await contacts.createIndex({ email: 1 }, { unique: true }, undefined)
  const acked = new Set<number>()
  let next = 0
  let killed: Promise<number | null> | undefined
  const worker = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++
      try {
        await contacts.insertOne(contact(i))
      } catch {
        return // the server is gone: this insert was never acknowledged
      }
      acked.add(i)
      if (acked.size >= KILL_AFTER) killed ??= server.stop('SIGKILL')
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker))
  await killed
  return acked
}

describe.skipIf(external)(
  external ? `embedded server crash safety (${CLI_SKIP_REASON})` : 'embedded server crash safety',
  () => {
    it('when the server is killed mid-insert, every acknowledged document survives the restart', async () => {
      const dir = await tempDir()
      const first = await start(dir)
      const acked = await insertUntilKilled(first, await connect(first.uri))
      expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER)
      expect(acked.size).toBeLessThan(TOTAL)

      const second = await start(dir)
      const contacts = (await connect(second.uri)).db('crm').collection<Contact>('contacts')
      const stored = await contacts.find({}).sort({ _id: 1 }).toArray()
      const storedIds = new Set(stored.map((c) => c._id))
      expect([...acked].filter((i) => !storedIds.has(i))).toEqual([])
      // Nothing appears that was never sent, and what is there is intact.
      for (const doc of stored) expect(doc).toEqual(contact(doc._id))
    })

    it('when the server is killed mid-insert while it keeps compacting its journal, every acknowledged document survives', async () => {
      const dir = await tempDir()
      const first = await start(dir, { compactAfterBytes: 4096 })
      const acked = await insertUntilKilled(first, await connect(first.uri))
      expect((await readdir(dir)).some((name) => name.startsWith('snapshot-'))).toBe(true)

      const second = await start(dir)
      const contacts = (await connect(second.uri)).db('crm').collection<Contact>('contacts')
      const storedIds = new Set((await contacts.find({}).toArray()).map((c) => c._id))
      expect([...acked].filter((i) => !storedIds.has(i))).toEqual([])
      expect(await contacts.indexExists('email_1')).toBe(true)
    })

    it('when the server restarts after a kill, the unique index still exists and is enforced, and new writes work', async () => {
      const dir = await tempDir()
      const first = await start(dir)
      const acked = await insertUntilKilled(first, await connect(first.uri))

      const second = await start(dir)
      const contacts = (await connect(second.uri)).db('crm').collection<Contact>('contacts')
      const indexes = await contacts.listIndexes().toArray()
      expect(indexes).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'email_1', key: { email: 1 }, unique: true })]),
      )

      const someAcked = [...acked][0] ?? 0
      const duplicate = await contacts
        .insertOne({ _id: TOTAL + 1, email: `c${someAcked}@example.com`, name: 'dup' })
        .catch((e: unknown) => e)
      expect(duplicate).toBeInstanceOf(MongoServerError)
      expect(duplicate).toMatchObject({ code: 11000, keyValue: { email: `c${someAcked}@example.com` } })

      await contacts.insertOne(contact(TOTAL + 2))
      expect(await contacts.findOne({ email: `c${TOTAL + 2}@example.com` })).toEqual(contact(TOTAL + 2))
      expect(await contacts.countDocuments({ _id: { $gte: TOTAL } })).toBe(1)
      expect(await second.stop('SIGTERM')).toBe(0)
    })

    it('when a second server is started on a data directory in use, it refuses with the directory and the owner pid', async () => {
      const dir = await tempDir()
      const first = await start(dir)
      const second = await startCliServerExpectingFailure(dir)
      expect(second.code).not.toBe(0)
      expect(second.output).toContain(dir)
      expect(second.output).toContain(`pid ${first.pid}`)
      // The refusal did not disturb the running server.
      const client = await connect(first.uri)
      await client.db('crm').collection<Contact>('contacts').insertOne(contact(1))
      expect(await first.stop('SIGTERM')).toBe(0)
    })
  },
)
