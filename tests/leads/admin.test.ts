import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobActor } from '../../src/access/actor.js'
import { loadDashboard } from '../../src/admin/dashboard/index.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, auditOf } from '../setup/resource-app.js'
import { adminLogin, recordUrl, resourceUrl } from '../admin/admin-session.js'
import { mergeLeads } from '../../src/leads/merge.js'
import { formBody, storedLead } from './lead-fixtures.js'

let t: TestApp
let admin: TestUser
let bdm: TestUser
const seeder: JobActor = { kind: 'job', name: 'test.seed' }

beforeAll(async () => {
  t = await buildTestApp('lead_admin')
  admin = await createUser(t, { role: 'senior admin' })
  bdm = await createUser(t, { role: 'bdm' })
})
afterAll(async () => t.close())

async function newLead(overrides: Record<string, unknown> = {}): Promise<string> {
  return String((await t.context.resources.leads.create(seeder, { ...formBody(), ...overrides }))._id)
}

describe('leads in the admin panel', () => {
  it('when an admin takes a lead and moves it along from the panel, each change is audited as that admin', async () => {
    const id = await newLead()
    const agent = await adminLogin(t, admin)
    const shown = await agent.get(recordUrl('Lead', id, 'show')).expect(200)
    expect(shown.body.record.params).toMatchObject({ status: 'new', source: 'manual' })
    await agent.post(recordUrl('Lead', id, 'assignToMe')).expect(200)
    await agent.post(recordUrl('Lead', id, 'contact')).expect(200)
    expect(await storedLead(t, id)).toMatchObject({ assignedTo: admin.id, status: 'contacted' })
    const entries = await auditOf(t, id)
    expect(entries.slice(1).map((e) => [e.action, e.actor.id])).toEqual([
      ['update', admin.id],
      ['transition', admin.id],
    ])
    // A transition the state does not allow is not offered, and a direct call changes nothing.
    const again = await agent.post(recordUrl('Lead', id, 'contact'))
    expect(again.body.record?.params?.status ?? 'refused').not.toBe('new')
    expect((await auditOf(t, id)).length).toBe(entries.length)
  })

  it('when the list is filtered by status and source, only matching leads come back', async () => {
    const agent = await adminLogin(t, admin)
    const id = await newLead({ source: 'import', city: 'Agra' })
    const res = await agent
      .get(resourceUrl('Lead', 'list'))
      .query({ 'filters.source': 'import', 'filters.status': 'new', 'filters.city': 'Agra' })
      .expect(200)
    expect(res.body.records.map((r: { id: string }) => r.id)).toEqual([id])
  })

  it('when a bdm opens the panel dashboard figures, they count only their own leads', async () => {
    await newLead({ assignedTo: bdm.id, source: 'email' })
    await newLead({ source: 'website' })
    const all = await loadDashboard(t.context, await actorOf(t, admin))
    expect(all.leads?.scope).toBe('all')
    expect(all.leads?.unassigned).toBeGreaterThanOrEqual(1)
    const own = await loadDashboard(t.context, await actorOf(t, bdm))
    expect(own.leads).toMatchObject({ scope: 'own', newThisWeek: 1, unassigned: 0 })
    expect(own.leads?.bySource).toContainEqual({ source: 'email', count: 1 })
  })

  it('when a lead absorbed a duplicate, its panel page shows the provenance and unmerge restores the other', async () => {
    const a = await newLead({ companyName: '' })
    const b = await newLead({ companyName: 'Donor Co' })
    await mergeLeads(t.context, seeder, a, [b])
    const agent = await adminLogin(t, admin)
    const shown = await agent.get(recordUrl('Lead', a, 'show')).expect(200)
    expect(shown.body.record.params).toMatchObject({
      companyName: 'Donor Co',
      'provenance.0.field': 'companyName',
      'provenance.0.from': b,
      'mergedFrom.0': b,
    })
    await agent.post(recordUrl('Lead', b, 'unmerge')).expect(200)
    expect(await storedLead(t, b)).toMatchObject({ mergedInto: null })
    expect(await storedLead(t, a)).toMatchObject({ companyName: '', provenance: [] })
  })
})
