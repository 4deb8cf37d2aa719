import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import { pendingEntry, type AuditedWrite } from '../../src/audit/audited-write.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The audited write inserts its pending entry without hydrating a mongoose document (audited-write.ts): what it
// stores must be what the audit model would have stored for the same entry, field for field.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('audit_pending_entry')
})
afterAll(async () => {
  await t.close()
})

function writeBy(actor: Actor, extra: Partial<AuditedWrite<null>> = {}): AuditedWrite<null> {
  return {
    audit: t.context.resources.audit,
    enabled: true,
    resource: 'bookings',
    documentId: new Types.ObjectId(),
    revision: 1,
    action: 'create',
    actor,
    changes: [
      { path: 'company_name', after: 'ACME' },
      { path: 'date', before: new Date('2025-01-01'), after: new Date('2025-02-01') },
      { path: 'services', before: undefined, after: ['GST', 'MSME'] },
      { path: 'remark', before: 'old' },
      { path: 'shared', after: { user: 'a', percentage: 100 } },
    ],
    write: () => Promise.resolve(null),
    ...extra,
  }
}

/** The entry stored both ways: raw as the write path does, and through the model as before. */
async function storedBothWays(write: AuditedWrite<null>): Promise<[unknown, unknown]> {
  const audit = t.context.resources.audit
  const raw = pendingEntry(write)
  await audit.collection.insertOne(raw)
  const viaModel = await audit.create({ ...raw, _id: new Types.ObjectId(), documentId: new Types.ObjectId() })
  const read = async (_id: Types.ObjectId) => {
    const stored: Record<string, unknown> | null = await audit.collection.findOne({ _id })
    expect(stored?.documentId).toBeInstanceOf(Types.ObjectId)
    const { _id: id, documentId, ...rest } = stored ?? {}
    expect([id, documentId]).not.toContain(undefined)
    return rest
  }
  return [await read(raw._id), await read(viaModel._id)]
}

describe('the pending entry of an audited write', () => {
  const user: Actor = { kind: 'user', id: new Types.ObjectId().toHexString(), role: 'srdev', grants: [] }

  it('when a user creates, then the raw entry equals the one the audit model stores', async () => {
    const [raw, viaModel] = await storedBothWays(writeBy(user, { reason: 'because' }))
    expect(raw).toEqual(viaModel)
    expect(raw).toMatchObject({ status: 'pending', reason: 'because', actor: { kind: 'user', role: 'srdev' } })
  })

  it('when a job without a run writes as part of an import, then both ways store the same entry', async () => {
    const [raw, viaModel] = await storedBothWays(
      writeBy({ kind: 'job', name: 'trash.purge' }, { action: 'update', revision: 3, importId: 'imp-1' }),
    )
    expect(raw).toEqual(viaModel)
    expect(raw).toMatchObject({ importId: 'imp-1', actor: { kind: 'job', name: 'trash.purge' }, requestId: null })
  })

  it('when a webhook or the system writes with no changes, then both ways store the same entry', async () => {
    for (const actor of [{ kind: 'webhook', source: 'razorpay' }, { kind: 'system' }] as const) {
      const [raw, viaModel] = await storedBothWays(writeBy(actor, { changes: [], action: 'trash' }))
      expect(raw).toEqual(viaModel)
    }
  })
})
