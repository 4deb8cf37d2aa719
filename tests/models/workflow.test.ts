import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Actor } from '../../src/access/actor.js'
import type { Resource } from '../../src/access/matrix.js'
import { bindResource, type ResourceService } from '../../src/models/bind-resource.js'
import { defineResource } from '../../src/models/define-resource.js'
import { requiredText } from '../../src/models/fields/text.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'

// The workflow engine piece, on a resource declared only for this test (the real ones are in their own tests).

const ticketResource = defineResource({
  name: 'WorkflowTicket',
  // A collection of its own; the policy is bypassed by the trusted actors this test uses.
  resource: 'workflow_tickets' as Resource,
  access: { owner: 'createdBy', defaults: {} },
  fields: { title: { type: String, required: true }, status: { type: String }, closedOn: { type: Date } },
  input: z.strictObject({ title: requiredText(100) }),
  audit: true,
  trash: { retentionDays: 1 },
  search: ['title'],
  filters: {},
  sortable: ['createdAt'],
  defaultSort: '-createdAt',
  exportColumns: ['title'],
  workflow: {
    field: 'status',
    initial: 'open',
    states: ['open', 'closed'],
    fields: ['closedOn'],
    transitions: [
      {
        name: 'close',
        from: ['open'],
        to: 'closed',
        reasonRequired: true,
        input: z.object({ closedOn: z.coerce.date() }),
      },
      { name: 'reopen', from: ['closed'], to: 'open' },
    ],
  },
})

const job: Actor = { kind: 'job', name: 'test.workflow' }

describe('declared workflows', () => {
  let t: TestApp
  let tickets: ResourceService
  beforeAll(async () => {
    t = await buildTestApp('workflow')
    tickets = bindResource(ticketResource, t.context.db.connection, t.config)
  })
  afterAll(async () => t.close())

  it('when a record is created, it starts in the initial state whatever the input says', async () => {
    const created = await tickets.create(job, { title: 'A' })
    expect(created.status).toBe('open')
    await expect(tickets.create(job, { title: 'B', status: 'closed' })).rejects.toThrow()
  })

  it('when a transition is taken, the state and its values change and one audit entry carries the reason', async () => {
    const created = await tickets.create(job, { title: 'C' })
    const id = String(created._id)
    const closed = await tickets.transition(job, id, {
      name: 'close',
      reason: 'done',
      values: { closedOn: '2026-01-02' },
    })
    expect(closed).toMatchObject({ status: 'closed', _rev: 2 })
    expect(closed.closedOn).toEqual(new Date('2026-01-02'))
    const entries = await auditOf(t, id)
    expect(entries.map((e) => [e.action, e.reason, e.status])).toEqual([
      ['create', null, 'committed'],
      ['transition', 'close: done', 'committed'],
    ])
    expect(entries[1]?.changes).toContainEqual({ path: 'status', before: 'open', after: 'closed' })
  })

  it('when a transition does not leave the current state, it is refused with 409 naming the state and nothing changes', async () => {
    const created = await tickets.create(job, { title: 'D' })
    const id = String(created._id)
    await expect(tickets.transition(job, id, { name: 'reopen' })).rejects.toMatchObject({
      status: 409,
      details: [{ path: 'status', message: 'is open' }],
    })
    expect((await auditOf(t, id)).length).toBe(1)
  })

  it('when a required reason is missing, responds 400 naming reason and nothing changes', async () => {
    const created = await tickets.create(job, { title: 'E' })
    const id = String(created._id)
    await expect(
      tickets.transition(job, id, { to: 'closed', values: { closedOn: '2026-01-02' } }),
    ).rejects.toMatchObject({ status: 400, details: [{ path: 'reason', message: 'is required' }] })
    const stored = await tickets.model.findById(id).lean()
    expect(stored?.status).toBe('open')
  })
})
