import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SLA_HOURS } from '../../src/models/projects/ticket-sla.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { as, created, pathsOf, stored, trail, unique } from './helpers.js'

let t: TestApp
let agent: TestUser
let asha: TestUser
let vikram: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_tickets')
  agent = await createUser(t, { role: 'admin' })
  asha = await createUser(t, { role: 'user', name: 'Asha' })
  vikram = await createUser(t, { role: 'user', name: 'Vikram' })
})
afterAll(() => t.close())

const api = () => request(t.app)
const HOUR = 60 * 60 * 1000

function raise(user: TestUser, overrides: Record<string, unknown> = {}) {
  return created(t, user, 'tickets', {
    requestorId: user.id,
    subject: `Laptop will not boot ${unique()}`,
    description: 'Black screen since Monday',
    priority: 'urgent',
    ...overrides,
  })
}

/** Test data: a ticket raised `hours` ago. */
async function age(id: string, hours: number): Promise<void> {
  const createdAt = new Date(Date.now() - hours * HOUR)
  await t.context.resources.tickets.model.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { createdAt } })
}

const step = (id: string, verb: string) => api().post(`/api/v1/tickets/${id}/${verb}`).set(as(agent))

describe('ticket SLA timestamps', () => {
  it('when an agent starts, resolves and reopens a ticket, the transitions stamp and keep the SLA times', async () => {
    const ticket = await raise(asha)
    expect(ticket).toMatchObject({ status: 'open', raisedBy: asha.id, firstResponseAt: null, resolvedAt: null })

    const before = Date.now()
    const started = await step(ticket._id, 'start').expect(200)
    const firstResponseAt = String(started.body.data.firstResponseAt)
    expect(Date.parse(firstResponseAt)).toBeGreaterThanOrEqual(before)
    expect(started.body.data.resolvedAt).toBeNull()

    const resolved = await step(ticket._id, 'resolve').expect(200)
    expect(resolved.body.data.firstResponseAt).toBe(firstResponseAt)
    expect(Date.parse(String(resolved.body.data.resolvedAt))).toBeGreaterThanOrEqual(Date.parse(firstResponseAt))

    const reopened = await step(ticket._id, 'reopen').expect(200)
    expect(reopened.body.data).toMatchObject({ status: 'in_progress', firstResponseAt, resolvedAt: null })
    const kept = await stored(t, 'tickets', ticket._id)
    expect(kept?.firstResponseAt).toEqual(new Date(firstResponseAt))
    expect(kept?.resolvedAt).toBeNull()

    const entries = await trail(t, ticket._id)
    expect(entries.slice(1).map((entry) => entry.reason)).toEqual(['start', 'resolve', 'reopen'])
    expect(entries[1]?.changes.map((change) => change.path).sort()).toEqual(['firstResponseAt', 'status'])
  })

  it('when a ticket is resolved straight from open, both times are stamped', async () => {
    const ticket = await raise(asha)
    const res = await step(ticket._id, 'resolve').expect(200)
    expect(res.body.data.firstResponseAt).toBe(res.body.data.resolvedAt)
  })

  it('when the requestor tries to start their own ticket, responds 403 and nothing changes', async () => {
    const ticket = await raise(asha)
    await api().post(`/api/v1/tickets/${ticket._id}/start`).set(as(asha)).expect(403)
    expect((await stored(t, 'tickets', ticket._id))?.status).toBe('open')
  })

  it('when a ticket names both a requestor user and an email, responds 400 naming both', async () => {
    const res = await api()
      .post('/api/v1/tickets')
      .set(as(agent))
      .send({ requestorId: asha.id, requestorEmail: 'a@example.com', subject: 'x', description: 'y' })
      .expect(400)
    expect(pathsOf(res.body)).toEqual(['requestorId', 'requestorEmail'])
  })
})

describe('SLA breach report', () => {
  const ids = (body: unknown) => (body as { data: Array<{ _id: string }> }).data.map((item) => item._id)

  it('when tickets are past their targets, they are listed with what they missed; tickets within them are not', async () => {
    const urgent = SLA_HOURS.urgent
    const late = await raise(asha)
    await age(late._id, urgent.resolve + 1)
    const unanswered = await raise(asha)
    await age(unanswered._id, urgent.respond + 0.5)
    const fresh = await raise(asha)
    const resolvedLate = await raise(asha)
    await age(resolvedLate._id, urgent.resolve + 2)
    await step(resolvedLate._id, 'resolve').expect(200)
    const resolvedInTime = await raise(asha)
    await step(resolvedInTime._id, 'resolve').expect(200)

    const res = await api().get('/api/v1/tickets/sla-breaches').set(as(agent)).expect(200)
    const rows = res.body.data as Array<{ _id: string; breaches: string[]; resolveBy: string }>
    const byId = new Map(rows.map((row) => [row._id, row]))
    expect(byId.get(late._id)?.breaches).toEqual(['response', 'resolution'])
    expect(byId.get(unanswered._id)?.breaches).toEqual(['response'])
    expect(byId.get(resolvedLate._id)?.breaches).toEqual(['response', 'resolution'])
    expect(ids(res.body)).not.toContain(fresh._id)
    expect(ids(res.body)).not.toContain(resolvedInTime._id)
    const lateStored = await stored(t, 'tickets', late._id)
    const due = new Date((lateStored?.createdAt as Date).getTime() + urgent.resolve * HOUR)
    expect(byId.get(late._id)?.resolveBy).toBe(due.toISOString())
  })

  it("when a requestor asks for the report, they see only their own tickets' breaches", async () => {
    const hers = await raise(asha)
    const his = await raise(vikram)
    await age(hers._id, SLA_HOURS.urgent.resolve + 1)
    await age(his._id, SLA_HOURS.urgent.resolve + 1)
    const res = await api().get('/api/v1/tickets/sla-breaches').set(as(vikram)).expect(200)
    expect(ids(res.body)).toContain(his._id)
    expect(ids(res.body)).not.toContain(hers._id)
  })

  it('when the window is malformed, responds 400 naming the field', async () => {
    const res = await api().get('/api/v1/tickets/sla-breaches').query({ from: 'last week' }).set(as(agent)).expect(400)
    expect(pathsOf(res.body)).toEqual(['from'])
  })
})
