import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobActor } from '../../src/access/actor.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { formBody, storedLead } from './lead-fixtures.js'

let t: TestApp
let srdev: TestUser
let admin: TestUser
let bdm: TestUser
const seeder: JobActor = { kind: 'job', name: 'test.seed' }
const spoof = { 'user-role': 'srdev', 'user-name': 'Boss' }

beforeAll(async () => {
  t = await buildTestApp('lead_legacy')
  srdev = await createUser(t, { role: 'srdev' })
  admin = await createUser(t, { role: 'admin' })
  bdm = await createUser(t, { role: 'bdm' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

async function newLead(overrides: Record<string, unknown> = {}): Promise<string> {
  return String((await t.context.resources.leads.create(seeder, { ...formBody(), ...overrides }))._id)
}

describe('legacy /email and /leads', () => {
  it('when anonymous, reads of /email/all, /leads/all and /email/:id are 401', async () => {
    const id = await newLead()
    await api().get('/email/all').set(spoof).expect(401)
    await api().get('/leads/all').expect(401)
    await api().get(`/email/${id}`).expect(401)
    await api().patch(`/email/${id}`).send({ name: 'x' }).expect(401)
  })

  it('when an admin lists /email/all and /leads/all, answers bare arrays newest first with seed 1 keys', async () => {
    const assigned = await newLead({ assignedTo: bdm.id })
    const open = await newLead()
    const all = await api().get('/email/all').set('authorization', admin.token).expect(200)
    expect(Array.isArray(all.body)).toBe(true)
    const ids = all.body.map((l: { _id: string }) => l._id)
    expect(ids.indexOf(open)).toBeLessThan(ids.indexOf(assigned))
    expect(all.body[0]).toHaveProperty('phoneNumber')
    expect(all.body[0]).toHaveProperty('companyName')
    const queue = await api().get('/leads/all').set('authorization', admin.token).expect(200)
    const queued = queue.body.map((l: { _id: string; assignedTo: string }) => [l._id, l.assignedTo])
    expect(queued).toContainEqual([open, 'unassigned'])
    expect(queued.map(([id]: [string]) => id)).not.toContain(assigned)
  })

  it('when a lead is edited and assigned through /leads/edit/:id, answers seed 1 keys and audits the change', async () => {
    const id = await newLead()
    const res = await api()
      .patch(`/leads/edit/${id}`)
      .set('authorization', admin.token)
      .send({ assignedTo: bdm.id, location: 'Pune', isDeleted: true })
      .expect(200)
    expect(res.body).toMatchObject({ message: 'Lead updated', updated: { assignedTo: bdm.id, location: 'Pune' } })
    expect((await auditOf(t, id)).at(-1)?.changes).toEqual(
      expect.arrayContaining([{ path: 'location', before: 'Surat', after: 'Pune' }]),
    )
    const email = await api()
      .patch(`/email/${id}`)
      .set('authorization', admin.token)
      .send({ assignedTo: 'unassigned' })
      .expect(200)
    expect(email.body).toMatchObject({ message: 'Updated successfully', updated: { assignedTo: 'unassigned' } })
    const one = await api().get(`/email/${id}`).set('authorization', admin.token).expect(200)
    expect(one.body._id).toBe(id)
  })

  it('when a lead is trashed through /leads/trash/:id it really is, and /leads/delete/:id needs the trash and srdev', async () => {
    const id = await newLead()
    await api().delete(`/leads/delete/${id}`).set('authorization', srdev.token).expect(400)
    const res = await api().patch(`/leads/trash/${id}`).set('authorization', admin.token).set(spoof).expect(200)
    expect(res.body.message).toBe('Lead moved to trash')
    expect((await storedLead(t, id))?.deletedAt).toBeInstanceOf(Date)
    await api().get(`/email/${id}`).set('authorization', admin.token).expect(404)
    await api().delete(`/leads/delete/${id}`).set('authorization', admin.token).set(spoof).expect(403)
    const gone = await api().delete(`/leads/delete/${id}`).set('authorization', srdev.token).expect(200)
    expect(gone.body).toEqual({ message: 'Lead permanently deleted' })
    expect(await storedLead(t, id)).toBeNull()
    expect((await auditOf(t, id)).map((e) => e.action)).toEqual(['create', 'trash', 'destroy'])
  })

  it('when DELETE /email/:id is called, the lead moves to the trash (never lost)', async () => {
    const id = await newLead()
    const res = await api().delete(`/email/${id}`).set('authorization', admin.token).expect(200)
    expect(res.body).toEqual({ message: 'Deleted successfully' })
    expect((await storedLead(t, id))?.deletedAt).toBeInstanceOf(Date)
  })

  it('when a bdm lists /email/all, only their own leads come back', async () => {
    const bdm = await createUser(t, { role: 'bdm' })
    const mine = await newLead({ assignedTo: bdm.id })
    await newLead()
    const res = await api().get('/email/all').set('authorization', bdm.token).expect(200)
    expect(res.body.map((l: { _id: string }) => l._id)).toEqual([mine])
  })
})
