import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobActor } from '../../src/access/actor.js'
import { leadsDedupeJob } from '../../src/jobs/leads.dedupe.js'
import { runJob } from '../../src/jobs/run-job.js'
import { mergeGroup } from '../../src/leads/merge.js'
import { leadMergeModel } from '../../src/models/lead-merge.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { formBody, storedLead } from './lead-fixtures.js'

let t: TestApp
let srdev: TestUser
const seeder: JobActor = { kind: 'job', name: 'test.seed' }

beforeAll(async () => {
  t = await buildTestApp('lead_dedupe')
  srdev = await createUser(t, { role: 'srdev' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

/** A lead created through the service, with a submission, at a given age so the oldest is known. */
async function seedLead(fields: Record<string, unknown>, minutesAgo: number): Promise<string> {
  const lead = await t.context.resources.leads.create(seeder, fields, {
    internal: { submissions: [{ at: new Date(), source: 'import', raw: JSON.stringify(fields) }] },
  })
  const id = String(lead._id)
  await t.context.resources.leads.model.collection.updateOne(
    { _id: new Types.ObjectId(id) },
    { $set: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } },
  )
  return id
}

/** The business state of a lead: everything but the revision, timestamps and bookkeeping that a write moves. */
function business(record: Record<string, unknown> | null): Record<string, unknown> {
  const { _rev: _r, updatedAt: _u, ...rest } = record ?? {}
  return rest
}

describe('leads.dedupe', () => {
  it('when leads share an email, merges them into the oldest with provenance; the others stay reachable; a second run changes nothing', async () => {
    const email = `dup.${new Types.ObjectId().toHexString()}@example.com`
    const oldest = await seedLead({ name: 'Old', email, source: 'import' }, 30)
    const middle = await seedLead(
      { name: 'Mid', email: email.toUpperCase(), companyName: 'Mid Co', source: 'import' },
      20,
    )
    const newest = await seedLead(
      { name: 'New', email, phoneNumber: '9811122233', companyName: 'New Co', source: 'import' },
      10,
    )

    const run = await runJob(t.context, leadsDedupeJob, {})
    expect(run.processed).toBeGreaterThanOrEqual(2)

    const survivor = await storedLead(t, oldest)
    expect(survivor).toMatchObject({ companyName: 'Mid Co', phoneNumber: '+919811122233', mergedInto: null })
    expect(survivor?.mergedFrom).toEqual([middle, newest])
    expect((survivor?.submissions as unknown[]).length).toBe(3)
    expect(survivor?.provenance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'companyName', before: '', after: 'Mid Co', from: middle }),
        expect.objectContaining({ field: 'phoneNumber', before: null, after: '+919811122233', from: newest }),
      ]),
    )
    expect(await storedLead(t, middle)).toMatchObject({ mergedInto: oldest, name: 'Mid' })
    const [, mergeEntry] = await auditOf(t, oldest)
    expect(mergeEntry).toMatchObject({
      action: 'merge',
      status: 'committed',
      actor: { kind: 'job', name: 'leads.dedupe' },
    })
    expect(mergeEntry?.changes).toContainEqual({ path: 'companyName', before: '', after: 'Mid Co' })
    expect((await auditOf(t, newest)).map((e) => e.action)).toEqual(['create', 'merge'])

    // Hidden from normal lists, reachable by id and by mergedInto.
    const list = await api().get('/api/v1/leads').query({ email }).set('authorization', srdev.token).expect(200)
    expect(list.body.data.map((l: { _id: string }) => l._id)).toEqual([oldest])
    await api().get(`/api/v1/leads/${middle}`).set('authorization', srdev.token).expect(200)
    const merged = await api().get('/api/v1/leads').query({ mergedInto: oldest }).set('authorization', srdev.token)
    expect(merged.body.data.map((l: { _id: string }) => l._id).sort()).toEqual([middle, newest].sort())

    const before = await auditOf(t, oldest)
    await runJob(t.context, leadsDedupeJob, {})
    expect((await auditOf(t, oldest)).length).toBe(before.length)
  })

  it('when a group is unmerged, every lead is restored exactly and the job does not merge it back', async () => {
    const phone = `+9199${String(Date.now()).slice(-8)}`
    const a = await seedLead({ name: 'A', phoneNumber: phone, source: 'import' }, 30)
    const b = await seedLead(
      { name: 'B', phoneNumber: phone, email: `b.${a}@example.com`, city: 'Pune', source: 'import' },
      20,
    )
    const beforeA = business(await storedLead(t, a))
    const beforeB = business(await storedLead(t, b))
    await runJob(t.context, leadsDedupeJob, {})
    expect(await storedLead(t, b)).toMatchObject({ mergedInto: a })

    const res = await api().post(`/api/v1/leads/${b}/unmerge`).set('authorization', srdev.token).send({}).expect(200)
    expect(res.body.data.status).toBe('undone')
    expect(business(await storedLead(t, a))).toEqual(beforeA)
    expect(business(await storedLead(t, b))).toEqual(beforeB)
    expect((await auditOf(t, a)).map((e) => e.action)).toEqual(['create', 'merge', 'unmerge'])

    await runJob(t.context, leadsDedupeJob, {})
    expect(await storedLead(t, b)).toMatchObject({ mergedInto: null })
  })

  it('when a merge died after the survivor write, the next run finishes it (no half merge stays)', async () => {
    const email = `killed.${new Types.ObjectId().toHexString()}@example.com`
    const a = await seedLead({ name: 'A', email, source: 'import' }, 30)
    const b = await seedLead({ name: 'B', email, companyName: 'B Co', source: 'import' }, 20)
    // Simulate the crash: the plan and the survivor's write happened, the others were never marked.
    const plan = await leadMergeModel(t.context.db.connection).create({
      survivorId: a,
      mergedIds: [b],
      status: 'pending',
      key: `email:${email}`,
      by: 'job:leads.dedupe',
    })
    const mergeId = plan._id.toHexString()
    const survivor = await t.context.resources.leads.model.findById(a).lean()
    await t.context.resources.leads.writeInternal(seeder, a, {
      set: {
        companyName: 'B Co',
        mergeIds: [mergeId],
        mergedFrom: [b],
        provenance: [],
        submissions: survivor?.submissions,
      },
      action: 'merge',
    })
    expect(await storedLead(t, b)).toMatchObject({ mergedInto: null })

    await runJob(t.context, leadsDedupeJob, {})
    expect(await storedLead(t, b)).toMatchObject({ mergedInto: a, mergeId })
    expect((await leadMergeModel(t.context.db.connection).findById(plan._id).lean())?.status).toBe('done')
    expect((await auditOf(t, a)).filter((e) => e.action === 'merge').length).toBe(1)
  })

  it('when an admin merges two leads on demand, the oldest survives; unknown ids answer 404', async () => {
    const a = await seedLead({ ...formBody(), source: 'import' }, 30)
    const b = await seedLead({ ...formBody(), source: 'import' }, 20)
    const res = await api()
      .post(`/api/v1/leads/${b}/merge`)
      .set('authorization', srdev.token)
      .send({ ids: [a] })
      .expect(200)
    expect(res.body.data).toMatchObject({ survivorId: a, mergedIds: [b], status: 'done', key: 'manual' })
    await api()
      .post(`/api/v1/leads/${a}/merge`)
      .set('authorization', srdev.token)
      .send({ ids: [new Types.ObjectId().toHexString()] })
      .expect(404)
  })

  it('when mergeGroup is handed a single lead, nothing is recorded', async () => {
    const a = await seedLead({ name: 'Solo', email: `solo.${Date.now()}@example.com`, source: 'import' }, 5)
    const lead = await t.context.resources.leads.model.findById(a).lean()
    expect(await mergeGroup(t.context, seeder, lead ? [lead as never] : [], 'manual')).toBeNull()
  })
})
