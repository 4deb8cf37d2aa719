import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import type { AppContext } from '../../src/app-context.js'
import { createUser, type TestUser } from '../factories.js'
import { adminLogin, postForm, recordUrl, resourceUrl, type AdminAgent } from '../admin/admin-session.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'
import { bindRefResources, idOf, seeder, type RefServices } from './reference-fixtures.js'

// The panel shows references by their label and offers pickers: references by id through AdminJS's reference
// select (labels loaded within the viewer's read scope), references by key (an employee's department) as a select
// of the referenced list.

let t: TestApp
let refs: RefServices
let panelApp: TestApp
beforeAll(async () => {
  t = await buildHrTestApp('references-admin')
  refs = bindRefResources(t)
  // The real app, serving the test resources next to the catalogue's.
  const resources = { ...t.context.resources, all: [...t.context.resources.all, refs.clients, refs.deals] }
  const context: AppContext = { ...t.context, resources }
  panelApp = { ...t, context, app: buildApp(context) }
})
afterAll(async () => t.close())

interface PanelRecord {
  id: string
  params: Record<string, unknown>
  populated: Record<string, { title: string } | null | undefined>
}

describe('references by key in the panel', () => {
  it("when HR opens the employee form, department and branch are choices from their lists' live records", async () => {
    const hr = await createUser(t, { role: 'HR' })
    const panel = await adminLogin(t, hr)
    const added = await t.context.resources.departments.create(seeder, { name: 'Picker Dept', code: 'PKD' })
    const gone = await t.context.resources.departments.create(seeder, { name: 'Gone Dept', code: 'GND' })
    await t.context.resources.departments.trash(seeder, idOf(gone))
    const form = await panel.get('/admin/resources/Employee/actions/new').expect(200)
    for (const name of ['Picker Dept', 'Legal', 'Main Branch'])
      expect(form.text).toContain(`{"value":"${name}","label":"${name}"}`)
    expect(form.text).not.toContain('"value":"Gone Dept"')
    expect(added.name).toBe('Picker Dept')
  })
})

describe('references by id in the panel', () => {
  let viewer: TestUser
  let panel: AdminAgent
  let mine: Record<string, unknown>
  let theirs: Record<string, unknown>
  beforeAll(async () => {
    // A role made for this test: every deal, but only the clients it owns.
    await t.context.models.roles.collection.insertOne({
      name: 'ref-panel',
      description: 'test role',
      grants: [
        {
          resource: 'ref_deals',
          actions: ['read', 'create', 'update'],
          scope: 'all',
          maskedFields: [],
          readonlyFields: [],
        },
        { resource: 'ref_clients', actions: ['read'], scope: 'own', maskedFields: [], readonlyFields: [] },
      ],
    })
    viewer = await createUser(t, { role: 'ref-panel' })
    panel = await adminLogin(panelApp, viewer)
    mine = await refs.clients.create(seeder, { name: 'Acme Mine', city: 'Pune', ownerId: viewer.id })
    theirs = await refs.clients.create(seeder, { name: 'Acme Theirs', ownerId: new Types.ObjectId().toHexString() })
  })

  it('when deals are listed and shown, a client the viewer may read shows its label; one they may not is not loaded (the id stays)', async () => {
    const a = await refs.deals.create(seeder, { title: 'Deal A', client: idOf(mine), partners: [idOf(mine)] })
    const b = await refs.deals.create(seeder, { title: 'Deal B', client: idOf(theirs) })
    const list = await panel.get(resourceUrl('RefDeal', 'list')).query({ perPage: 50 }).expect(200)
    const records = list.body.records as PanelRecord[]
    expect(records.find((r) => r.id === idOf(a))?.populated.client?.title).toBe('Acme Mine')
    expect(records.find((r) => r.id === idOf(a))?.populated['partners.0']?.title).toBe('Acme Mine')
    // Not loaded: AdminJS keeps the bare id, as `expand=` does for a record the caller may not read.
    expect(records.find((r) => r.id === idOf(b))?.populated.client).toBe(idOf(theirs))
    const show = await panel.get(recordUrl('RefDeal', idOf(a), 'show')).expect(200)
    expect((show.body.record as PanelRecord).populated.client?.title).toBe('Acme Mine')
  })

  it('when the picker searches clients, it offers only those the viewer may read, by label', async () => {
    const res = await panel.get('/admin/api/resources/RefClient/search/Acme').expect(200)
    const titles = (res.body.records as Array<{ title: string }>).map((r) => r.title)
    expect(titles).toEqual(['Acme Mine'])
  })

  it('when a deal is created from the form with a picked client, it is stored with its owner and audited', async () => {
    const res = await postForm(panel, resourceUrl('RefDeal', 'new'), { title: 'From panel', client: idOf(mine) })
    expect(res.body.record?.errors ?? {}).toEqual({})
    const stored = await refs.deals.model.findOne({ title: 'From panel' }).lean()
    expect(String(stored?.client)).toBe(idOf(mine))
    expect(String(stored?.ownerId)).toBe(viewer.id)
    expect((await auditOf(t, String(stored?._id))).map((e) => [e.action, e.actor.kind])).toEqual([['create', 'user']])
    const refused = await postForm(panel, resourceUrl('RefDeal', 'new'), {
      title: 'Nowhere',
      client: new Types.ObjectId().toHexString(),
    })
    expect(refused.body.record.errors.client).toMatchObject({ message: expect.stringMatching(/ref_client/) })
    expect(await refs.deals.model.countDocuments({ title: 'Nowhere' })).toBe(0)
  })
})
