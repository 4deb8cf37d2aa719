import { MongoClient, MongoServerError } from 'mongodb'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo } from '../../src/db/embedded/index.js'
import { isExternalServer } from './helpers/mongo.js'
import { dbUriOn } from './helpers/own-server.js'

// Stopping the embedded server must not wait for long reads nobody will use: at 1M documents a scan takes seconds,
// and an app that stops while a job scans ran past its shutdown deadline. Writes it received are still applied and
// made durable. Observed through the driver's answers, never by timing.

const SKIP_REASON = 'stops the embedded server itself'
const DOCS = 40_000
/** A filter only the general matcher answers: a scan of a few hundred milliseconds or more. */
const SLOW_FILTER = { $expr: { $gt: [{ $strLenCP: { $concat: ['$name', '$name', '$name'] } }, 1000] } }

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(isExternalServer)(`stopping the server (skipped with MONGO_URL: ${SKIP_REASON})`, () => {
  it('when long scans are running at stop, then they answer 11601 Interrupted and writes received before stay durable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-stop-'))
    dirs.push(dataDir)
    const server = await startEmbeddedMongo({ port: 0, dataDir })
    // No retries: a retried read would wait for a server that is gone.
    const options = { maxPoolSize: 4, retryReads: false, serverSelectionTimeoutMS: 2_000 }
    const client = await MongoClient.connect(dbUriOn(server, 'stop'), options)
    const people = client.db().collection<{ _id: number; name: string }>('people')
    const docs = Array.from({ length: DOCS }, (_, i) => ({ _id: i, name: `person ${i}` }))
    for (let i = 0; i < DOCS; i += 10_000) await people.insertMany(docs.slice(i, i + 10_000))

    const scans = [1, 2].map(() =>
      people
        .find(SLOW_FILTER)
        .toArray()
        .then(
          (rows) => ({ finished: rows.length }),
          (error: unknown) => ({ error }),
        ),
    )
    await people.insertOne({ _id: DOCS, name: 'written while scanning' })
    await server.stop()
    const outcomes = await Promise.all(scans)
    await client.close()

    for (const outcome of outcomes) {
      expect(outcome).toHaveProperty('error')
      const { error } = outcome as { error: unknown }
      expect(error).toBeInstanceOf(MongoServerError)
      expect(error).toMatchObject({ code: 11601, codeName: 'Interrupted' })
    }
    const again = await startEmbeddedMongo({ port: 0, dataDir })
    const reader = await MongoClient.connect(dbUriOn(again, 'stop'))
    try {
      expect(await reader.db().collection('people').countDocuments()).toBe(DOCS + 1)
    } finally {
      await reader.close()
      await again.stop()
    }
  })
})
