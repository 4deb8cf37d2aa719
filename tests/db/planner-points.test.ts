import type { Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SlowQueryEvent } from '../../src/db/embedded/slow-query.js'
import { isExternalServer } from './helpers/mongo.js'
import { startObservedServer, type ObservedServer } from './helpers/own-server.js'

// `{a: x, b: {$in: [...]}}` on an index (a, b) reads one point range per value, not every entry under `a: x` (the
// legacy booking history read asked this for every page and scanned the whole audit log of bookings). Observed
// through the server's slow-query events (threshold 0): the plan and the documents examined, never timing.

const SKIP_REASON = 'observes the embedded server itself (its slow-query events)'
const ENTRIES = 2_000

let observed: ObservedServer | undefined
let db: Db
let events: SlowQueryEvent[]

beforeAll(async () => {
  if (isExternalServer) return
  observed = await startObservedServer('points', 2)
  ;({ db, events } = observed)
  const entries = db.collection<{ _id: number; resource: string; documentId: number; revision: number }>('entries')
  await entries.createIndex({ resource: 1, documentId: 1, revision: 1 }, { unique: true }, undefined)
  await entries.insertMany(
    Array.from({ length: ENTRIES }, (_, i) => ({
      _id: i,
      resource: i % 2 ? 'bookings' : 'leads',
      documentId: Math.floor(i / 4),
      revision: i % 4,
    })),
  )
}, 60_000)
afterAll(async () => {
  await observed?.stop()
})

describe.skipIf(isExternalServer)(
  `planner: $in after an equality prefix (skipped with MONGO_URL: ${SKIP_REASON})`,
  () => {
    it('when a query names the prefix and a few values of the next field, then only those entries are examined', async () => {
      events.length = 0
      const found = await db
        .collection('entries')
        .find({ resource: 'bookings', documentId: { $in: [3, 10, 99_999] }, revision: { $gte: 0 } })
        .sort({ revision: 1, _id: 1 })
        .toArray()
      expect(found.map((entry) => entry._id)).toEqual([13, 41, 15, 43])
      const event = events.find((e) => e.command === 'find' && e.ns === 'points.entries')
      expect(event?.plan).toBe('IXSCAN resource_1_documentId_1_revision_1')
      // The 4 matches (the count may include a read-ahead), against the 1,000 entries under `resource: 'bookings'`.
      expect(event?.docsExamined).toBeLessThan(10)
    })

    it('when the values repeat, then each entry is returned once', async () => {
      const found = await db
        .collection('entries')
        .find({ resource: 'leads', documentId: { $in: [0, 0, 1] } })
        .toArray()
      expect(found.map((entry) => entry._id).sort((a, b) => Number(a) - Number(b))).toEqual([0, 2, 4, 6])
    })
  },
)
