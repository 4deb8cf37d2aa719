import type { Collection, Document } from 'mongodb'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import { auditedWrite, type AuditedWrite } from '../../src/audit/audited-write.js'
import { recordRead } from '../../src/audit/read-entry.js'
import { InsertBatches } from '../../src/db/insert-batches.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { driverCallsDuring } from '../setup/driver-calls.js'

// Concurrent audited writes claim their revisions in one insert command, and concurrent reads record their read
// entries in one (insert-batches.ts). Each writer must still see its own entry stored before its document write
// runs, and a revision two writers want goes to exactly one.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('audit_claim_batches')
})
afterAll(async () => {
  await t.close()
})

const actor: Actor = { kind: 'user', id: new Types.ObjectId().toHexString(), role: 'srdev', grants: [] }

function writeOf(documentId: Types.ObjectId, write: () => Promise<string | null>): AuditedWrite<string> {
  return {
    audit: t.context.resources.audit,
    enabled: true,
    resource: 'bookings',
    documentId,
    revision: 1,
    action: 'create',
    actor,
    changes: [{ path: 'company_name', after: 'ACME' }],
    write,
  }
}

/** The driver calls a collection receives while `run` runs. */
function callsDuring(run: () => Promise<unknown>, name = 'audit_entries'): Promise<string[]> {
  return driverCallsDuring(t, name, run)
}

async function entriesOf(documentId: Types.ObjectId): Promise<Document[]> {
  return t.context.resources.audit.collection.find({ documentId }).toArray()
}

describe('claiming revisions in batches', () => {
  it('when five writers claim at once, then one insert carries all five and each entry is stored before its write runs', async () => {
    const ids = [1, 2, 3, 4, 5].map(() => new Types.ObjectId())
    const seenBeforeWrite: number[] = []
    const calls = await callsDuring(() =>
      Promise.all(
        ids.map((id) =>
          auditedWrite(
            writeOf(id, async () => {
              seenBeforeWrite.push((await entriesOf(id)).length)
              return 'written'
            }),
          ),
        ),
      ).then((results) => {
        expect(results).toEqual(['written', 'written', 'written', 'written', 'written'])
      }),
    )
    expect(calls.filter((method) => method.startsWith('insert'))).toEqual(['insertMany'])
    expect(seenBeforeWrite).toEqual([1, 1, 1, 1, 1])
    for (const id of ids) {
      const [entry, ...more] = await entriesOf(id)
      expect(more).toHaveLength(0)
      expect(entry).toMatchObject({ revision: 1, action: 'create', status: expect.stringMatching(/pending|committed/) })
    }
  })

  it('when three writers claim the same revision in one batch, then exactly one writes and the others get null', async () => {
    const id = new Types.ObjectId()
    let writes = 0
    const write = () => {
      writes += 1
      return Promise.resolve('written')
    }
    const results = await Promise.all([1, 2, 3].map(() => auditedWrite(writeOf(id, write))))
    expect(results.filter((result) => result === 'written')).toHaveLength(1)
    expect(results.filter((result) => result === null)).toHaveLength(2)
    expect(writes).toBe(1)
    expect(await entriesOf(id)).toHaveLength(1)
  })
})

describe('recording reads in batches', () => {
  it('when three reads are recorded at once, then one insert carries their entries and each is stored', async () => {
    const reads = t.context.resources.readLog
    const ids = [1, 2, 3].map(() => new Types.ObjectId())
    const calls = await callsDuring(
      () => Promise.all(ids.map((_id) => recordRead(reads, 'bookings', { _id, _rev: 4 }, actor))),
      reads.collection.collectionName,
    )
    expect(calls.filter((method) => method.startsWith('insert'))).toEqual(['insertMany'])
    for (const documentId of ids) {
      const stored = await reads.collection.find({ documentId }).toArray()
      expect(stored).toEqual([expect.objectContaining({ action: 'read', revision: 4, resource: 'bookings' })])
    }
  })
})

describe('InsertBatches', () => {
  it('when one document of a batch is a duplicate, then only its caller fails (code 11000) and the others are stored', async () => {
    const collection = t.context.db.connection.collection('insert_batches_probe') as unknown as Collection
    const taken = new Types.ObjectId()
    await collection.insertOne({ _id: taken, n: 0 })
    const batches = new InsertBatches(collection)
    const fresh = [new Types.ObjectId(), new Types.ObjectId()]
    const outcomes = await Promise.allSettled([
      batches.insert({ _id: fresh[0], n: 1 }),
      batches.insert({ _id: taken, n: 2 }),
      batches.insert({ _id: fresh[1], n: 3 }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rejected = outcomes[1] as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ code: 11000, message: expect.stringContaining('duplicate key') })
    const stored = await collection.find({}, { sort: { n: 1 } }).toArray()
    expect(stored.map((each) => each.n)).toEqual([0, 1, 3])
  })

  it('when the command itself fails, then every caller of the batch gets the error and the next batch still goes out', async () => {
    let calls = 0
    const failing = {
      insertMany: () => {
        calls += 1
        return calls === 1 ? Promise.reject(new Error('connection reset')) : Promise.resolve({})
      },
    } as unknown as Collection
    const batches = new InsertBatches(failing)
    const first = await Promise.allSettled([batches.insert({ n: 1 }), batches.insert({ n: 2 })])
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
    expect((first[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'connection reset' })
    await expect(batches.insert({ n: 3 })).resolves.toBeUndefined()
    expect(calls).toBe(2)
  })

  it('when inserts arrive while a batch is in flight, then they wait and go out together in the next one', async () => {
    const sizes: number[] = []
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = {
      insertMany: async (documents: readonly Document[]) => {
        sizes.push(documents.length)
        if (sizes.length === 1) await gate
        return {}
      },
    } as unknown as Collection
    const batches = new InsertBatches(slow)
    const first = batches.insert({ n: 1 })
    await new Promise((resolve) => setImmediate(resolve))
    const later = [batches.insert({ n: 2 }), batches.insert({ n: 3 }), batches.insert({ n: 4 })]
    await new Promise((resolve) => setImmediate(resolve))
    expect(sizes).toEqual([1])
    release()
    await Promise.all([first, ...later])
    expect(sizes).toEqual([1, 3])
  })
})
